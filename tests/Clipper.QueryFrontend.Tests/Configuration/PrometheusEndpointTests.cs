using Clipper.Configuration.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Clipper.QueryFrontend.Tests.Configuration;

public sealed class PrometheusEndpointTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON")]
    [InlineData("text/plain, application/json;q=0.5")]
    [InlineData("application/json; charset=utf-8")]
    public void AsksForJson_AcceptListsJson_IsTrue(string accept) => Assert.True(PrometheusEndpoint.AsksForJson(new StringValues(accept)));

    [Theory]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("text/plain;version=0.0.4;q=0.5,*/*;q=0.1")]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")]
    [InlineData("application/json;q=0")]
    [InlineData("application/jsonx")]
    public void AsksForJson_PrometheusOrNoJson_IsFalse(string accept) => Assert.False(PrometheusEndpoint.AsksForJson(new StringValues(accept)));

    [Fact]
    public void AsksForJson_NoHeader_IsFalse() => Assert.False(PrometheusEndpoint.AsksForJson(StringValues.Empty));

    [Theory]
    [InlineData("GET", "/metrics", null, true)]
    [InlineData("GET", "/metrics", "application/json", false)]
    [InlineData("POST", "/metrics", null, false)]
    [InlineData("GET", "/metrics/x", null, false)]
    [InlineData("GET", "/app/predict", null, false)]
    public void IsScrape_ByMethodPathAndAccept(string method, string path, string? accept, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        Assert.Equal(expected, PrometheusEndpoint.IsScrape(context));
    }
}
