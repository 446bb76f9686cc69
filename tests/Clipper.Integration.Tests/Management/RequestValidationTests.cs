using System.Net;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

public sealed class RequestValidationTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task Ping_AnswersPong()
    {
        using var response = await Frontend.Client.GetAsync("admin/ping").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PONG", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("add_app")]
    [InlineData("delete_app")]
    [InlineData("add_model_links")]
    [InlineData("delete_model_links")]
    [InlineData("add_model")]
    [InlineData("delete_versioned_model")]
    [InlineData("set_model_version")]
    [InlineData("get_all_applications")]
    [InlineData("get_application")]
    [InlineData("get_linked_models")]
    [InlineData("get_all_models")]
    [InlineData("get_model")]
    [InlineData("get_all_containers")]
    [InlineData("get_container")]
    [InlineData("get_query_frontends")]
    [InlineData("set_model_link")]
    [InlineData("set_app_policy")]
    public async Task Post_MalformedJson_IsRefusedWithClippersParseErrorAndTheSchema(string operation)
    {
        (await Frontend.PostAsync(operation, "{\"name\": "))
            .AssertBadRequest("Error parsing JSON: JSON parse error: ", "Expected JSON schema: ");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("\"add\"")]
    [InlineData("null")]
    public async Task AddApp_BodyNotAnObject_IsRefused(string body)
    {
        (await Frontend.PostAsync("add_app", body)).AssertBadRequest("Error parsing JSON: ", "Expected JSON schema: ", "\"latency_slo_micros\" := int");
    }

    [Theory]
    [InlineData("""{"input_type": "doubles", "default_output": "-1", "latency_slo_micros": 1000}""", "JSON object does not have required key: name")]
    [InlineData("""{"name": "a", "default_output": "-1", "latency_slo_micros": 1000}""", "JSON object does not have required key: input_type")]
    [InlineData("""{"name": "a", "input_type": "doubles", "latency_slo_micros": 1000}""", "JSON object does not have required key: default_output")]
    [InlineData("""{"name": "a", "input_type": "doubles", "default_output": "-1"}""", "JSON object does not have required key: latency_slo_micros")]
    [InlineData("""{"name": 5, "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 1000}""", "JSON key name expected type String but found type Number")]
    [InlineData("""{"name": "a", "input_type": ["doubles"], "default_output": "-1", "latency_slo_micros": 1000}""", "JSON key input_type expected type String but found type Array")]
    [InlineData("""{"name": "a", "input_type": "doubles", "default_output": -1, "latency_slo_micros": 1000}""", "JSON key default_output expected type String but found type Number")]
    [InlineData("""{"name": "a", "input_type": "doubles", "default_output": null, "latency_slo_micros": 1000}""", "JSON key default_output expected type String but found type Null")]
    [InlineData("""{"name": "a", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": "1000"}""", "JSON key latency_slo_micros expected type Number but found type String")]
    [InlineData("""{"name": "a", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 1.5}""", "JSON key latency_slo_micros expected an integer but found 1.5")]
    public async Task AddApp_MissingFieldOrWrongType_IsRefusedNamingTheField(string body, string expected)
    {
        (await Frontend.PostAsync("add_app", body)).AssertBadRequest(expected, "Expected JSON schema: ");
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_applications", new { verbose = false })).Body);
    }

    [Theory]
    [InlineData("""{"model_name": "m", "model_version": 1, "labels": [], "input_type": "doubles", "container_name": "c", "model_data_path": "p", "batch_size": -1}""", "JSON key model_version expected type String but found type Number")]
    [InlineData("""{"model_name": "m", "model_version": "1", "labels": "a", "input_type": "doubles", "container_name": "c", "model_data_path": "p", "batch_size": -1}""", "JSON key labels expected type Array but found type String")]
    [InlineData("""{"model_name": "m", "model_version": "1", "labels": ["a", 2], "input_type": "doubles", "container_name": "c", "model_data_path": "p", "batch_size": -1}""", "JSON key labels expected an array of strings but element 1 has type Number")]
    [InlineData("""{"model_name": "m", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "c", "model_data_path": "p", "batch_size": "8"}""", "JSON key batch_size expected type Number but found type String")]
    [InlineData("""{"model_name": "m", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "c", "model_data_path": "p", "batch_size": 99999999999}""", "JSON key batch_size expected an integer (int) but found 99999999999")]
    [InlineData("""{"model_name": "m", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "c", "model_data_path": "p"}""", "JSON object does not have required key: batch_size")]
    public async Task AddModel_MissingFieldOrWrongType_IsRefusedNamingTheField(string body, string expected)
    {
        (await Frontend.PostAsync("add_model", body)).AssertBadRequest(expected);
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_models", new { verbose = false })).Body);
    }

    [Theory]
    [InlineData("get_all_applications", """{"verbose": "yes"}""", "JSON key verbose expected type bool but found type String")]
    [InlineData("get_all_models", """{}""", "JSON object does not have required key: verbose")]
    [InlineData("get_container", """{"model_name": "m", "model_version": "1", "replica_id": "0"}""", "JSON key replica_id expected type Number but found type String")]
    [InlineData("add_model_links", """{"app_name": "a", "model_names": "m"}""", "JSON key model_names expected type Array but found type String")]
    [InlineData("delete_app", """{"app": "a"}""", "JSON object does not have required key: name")]
    public async Task Post_QueryOrLinkBodyWithWrongTypes_IsRefusedNamingTheField(string operation, string body, string expected)
    {
        (await Frontend.PostAsync(operation, body)).AssertBadRequest(expected);
    }

    // Found by fuzzing (bench/fuzz.sh management-request): JSON grammar does not make string contents UTF-8, and the
    // reader threw on them, which Kestrel answered with 500 and no reason.
    [Theory]
    [InlineData("add_app", """{"name": "\ud800", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 1000}""", "JSON key name holds a string that is not valid Unicode")]
    [InlineData("add_app", """{"name": "a", "input_type": "doubles", "default_output": "\udc00x", "latency_slo_micros": 1000}""", "JSON key default_output holds a string that is not valid Unicode")]
    [InlineData("add_model", """{"model_name": "m", "model_version": "1", "labels": ["a", "\ud83d"], "input_type": "doubles", "container_name": "c", "model_data_path": "p", "batch_size": -1}""", "JSON key labels holds a string that is not valid Unicode at element 1")]
    public async Task Post_StringWithUnpairedSurrogateEscape_IsRefusedNamingTheField(string operation, string body, string expected)
    {
        (await Frontend.PostAsync(operation, body)).AssertBadRequest(expected, "Expected JSON schema: ");
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_applications", new { verbose = false })).Body);
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_models", new { verbose = false })).Body);
    }

    [Theory]
    [InlineData("get_application", "name")]
    [InlineData("delete_app", "name")]
    [InlineData("get_linked_models", "app_name")]
    public async Task Post_StringOfBytesThatAreNotUtf8_IsRefusedNamingTheField(string operation, string key)
    {
        byte[] body = [.. "{\""u8, .. System.Text.Encoding.ASCII.GetBytes(key), .. "\": \"a"u8, 0xFF, 0xC3, .. "\"}"u8];

        (await Frontend.PostBytesAsync(operation, body)).AssertBadRequest($"JSON key {key} holds a string that is not valid Unicode", "Expected JSON schema: ");
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_IsRefusedWith413()
    {
        var huge = "{\"name\": \"" + new string('a', 2 * 1024 * 1024) + "\"}";

        // With Expect: 100-continue the client waits for the verdict before sending the body: without it, the
        // server's 413 and closed connection can arrive while the client still writes, failing the send.
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/get_application") { Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await Frontend.Client.SendAsync(request).WithTimeout();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Get_OnAnOperation_IsNotAllowed()
    {
        using var response = await Frontend.Client.GetAsync("admin/add_app").WithTimeout();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
