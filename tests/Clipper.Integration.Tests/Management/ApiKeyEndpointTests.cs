using System.Security.Cryptography;
using System.Text.Json;
using Clipper.Configuration.Keys;
using Clipper.Integration.Tests.Infrastructure;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Management;

/// <summary>The API key operations of the management API (ours, beside Clipper's) over a real Redis.</summary>
public sealed class ApiKeyEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    private async Task<JsonElement> CreateKeyAsync(string app, string label = "client-a") =>
        (await Frontend.PostAsync("add_api_key", new { app_name = app, label })).AssertOk().Json;

    [Fact]
    public async Task AddApp_RequireKey_IsShownByGetApiKeysAndClippersAnswersStayClippers()
    {
        (await Frontend.PostAsync("add_app", new { name = "keyed", input_type = "doubles", default_output = "-1", latency_slo_micros = 100000, require_key = true })).AssertOk();
        await Frontend.AddAppAsync("open");

        var keyed = (await Frontend.PostAsync("get_api_keys", new { app_name = "keyed" })).AssertOk().Json;
        var open = (await Frontend.PostAsync("get_api_keys", new { app_name = "open" })).AssertOk().Json;
        var app = (await Frontend.PostAsync("get_application", new { name = "keyed" })).AssertOk().Json;

        Assert.True(keyed.GetProperty("require_key").GetBoolean());
        Assert.Equal(0, keyed.GetProperty("keys").GetArrayLength());
        Assert.False(open.GetProperty("require_key").GetBoolean());
        // Clipper's fields in Clipper's order, then ours about links (never the key requirement, which get_api_keys answers).
        Assert.Equal(["input_type", "default_output", "latency_slo_micros", "name", "linked_models", "policy", "links"], app.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AddApiKey_ExistingApp_AnswersTheKeyOnceAndListsItWithoutSecret()
    {
        await Frontend.AddAppAsync("my-app");

        var made = await CreateKeyAsync("my-app", "billing service");
        var listed = (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).AssertOk();

        var key = made.GetProperty("key").GetString()!;
        var keyId = made.GetProperty("key_id").GetString()!;
        Assert.Matches("^ck_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        Assert.Equal("ck_" + keyId + "_", key[..20]);
        Assert.Equal("my-app", made.GetProperty("app_name").GetString());
        Assert.Equal("billing service", made.GetProperty("label").GetString());
        var entry = Assert.Single(listed.Json.GetProperty("keys").EnumerateArray());
        Assert.Equal(["key_id", "label", "created_at"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal(keyId, entry.GetProperty("key_id").GetString());
        Assert.Equal(made.GetProperty("created_at").GetString(), entry.GetProperty("created_at").GetString());
        Assert.DoesNotContain(key[20..], listed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddApiKey_LabelAbsent_IsEmpty()
    {
        await Frontend.AddAppAsync("my-app");

        var made = (await Frontend.PostAsync("add_api_key", new { app_name = "my-app" })).AssertOk().Json;

        Assert.Equal("", made.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Redis_AfterKeysAreMade_HoldsOnlyTheHashOfEachSecret()
    {
        await Frontend.AddAppAsync("my-app");
        var first = await CreateKeyAsync("my-app");
        var second = await CreateKeyAsync("my-app");

        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Server.Address).WithTimeout();
        var database = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var stored = new List<string>();
        foreach (var redisKey in server.Keys(pattern: Frontend.KeyPrefix + "*"))
        {
            var type = await database.KeyTypeAsync(redisKey);
            stored.Add(redisKey.ToString());
            stored.AddRange(type switch
            {
                RedisType.Hash => (await database.HashGetAllAsync(redisKey)).SelectMany(e => new[] { e.Name.ToString(), e.Value.ToString() }),
                RedisType.Set => (await database.SetMembersAsync(redisKey)).Select(m => m.ToString()),
                _ => [(await database.StringGetAsync(redisKey)).ToString()],
            });
        }

        var keys = await database.HashGetAllAsync(Frontend.KeyPrefix + "app-keys:my-app");
        Assert.Equal(2, keys.Length);
        foreach (var made in new[] { first, second })
        {
            var key = made.GetProperty("key").GetString()!;
            var secretText = key[20..];
            Assert.DoesNotContain(stored, text => text.Contains(secretText, StringComparison.Ordinal));
            var record = JsonDocument.Parse(keys.Single(e => e.Name == made.GetProperty("key_id").GetString()).Value.ToString()).RootElement;
            var secret = System.Buffers.Text.Base64Url.DecodeFromChars(secretText);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(secret)), record.GetProperty("sha256").GetString());
            Assert.Equal(["sha256", "label", "created_at"], record.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task DeleteApiKey_ExistingKey_RevokesItAndASecondRevocationIsRefused()
    {
        await Frontend.AddAppAsync("my-app");
        var kept = await CreateKeyAsync("my-app");
        var revoked = (await CreateKeyAsync("my-app")).GetProperty("key_id").GetString()!;

        var response = (await Frontend.PostAsync("delete_api_key", new { app_name = "my-app", key_id = revoked })).AssertOk();
        var listed = (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).AssertOk().Json;

        Assert.Equal($"Successfully revoked API key '{revoked}' of application 'my-app'", response.Body);
        Assert.Equal([kept.GetProperty("key_id").GetString()], listed.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("key_id").GetString()));
        (await Frontend.PostAsync("delete_api_key", new { app_name = "my-app", key_id = revoked }))
            .AssertBadRequest($"Application 'my-app' has no API key with id '{revoked}'", "field: key_id", "rule: must-exist");
    }

    [Fact]
    public async Task DeleteApp_WithKeys_DeletesThemAndANewAppOfTheSameNameHasNone()
    {
        await Frontend.AddAppAsync("my-app");
        await CreateKeyAsync("my-app");

        (await Frontend.PostAsync("delete_app", new { name = "my-app" })).AssertOk();
        await Frontend.AddAppAsync("my-app");

        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Server.Address).WithTimeout();
        Assert.False(await connection.GetDatabase().KeyExistsAsync(Frontend.KeyPrefix + "app-keys:my-app"));
        Assert.Equal(0, (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).AssertOk().Json.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task SetRequireKey_OnAndOff_ChangesOnlyTheFlagAndKeepsTheKeys()
    {
        await Frontend.AddAppAsync("my-app");
        await CreateKeyAsync("my-app");

        var on = (await Frontend.PostAsync("set_require_key", new { app_name = "my-app", require_key = true })).AssertOk();
        var whileOn = (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).Json;
        var off = (await Frontend.PostAsync("set_require_key", new { app_name = "my-app", require_key = false })).AssertOk();
        var whileOff = (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).Json;

        Assert.Equal("Application 'my-app' now requires an API key", on.Body);
        Assert.Equal("Application 'my-app' no longer requires an API key", off.Body);
        Assert.True(whileOn.GetProperty("require_key").GetBoolean());
        Assert.False(whileOff.GetProperty("require_key").GetBoolean());
        Assert.Equal(1, whileOff.GetProperty("keys").GetArrayLength());
    }

    [Theory]
    [InlineData("add_api_key", """{"app_name": "nope", "label": ""}""")]
    [InlineData("get_api_keys", """{"app_name": "nope"}""")]
    [InlineData("delete_api_key", """{"app_name": "nope", "key_id": "0123456789abcdef"}""")]
    [InlineData("set_require_key", """{"app_name": "nope", "require_key": true}""")]
    public async Task KeyOperations_UnknownApp_AreRefusedAsClippersLinkOperationsAre(string operation, string body)
    {
        (await Frontend.PostAsync(operation, body)).AssertBadRequest("No application with name 'nope' exists.", "field: app_name", "rule: must-exist");
    }

    [Theory]
    [InlineData("add_api_key", """{"label": "x"}""", "JSON object does not have required key: app_name")]
    [InlineData("add_api_key", """{"app_name": "my-app", "label": 5}""", "Type mismatch! JSON key label expected type String but found type Number")]
    [InlineData("delete_api_key", """{"app_name": "my-app"}""", "JSON object does not have required key: key_id")]
    [InlineData("set_require_key", """{"app_name": "my-app", "require_key": "yes"}""", "Type mismatch! JSON key require_key expected type bool but found type String")]
    [InlineData("set_require_key", """{"app_name": "my-app"}""", "JSON object does not have required key: require_key")]
    [InlineData("get_api_keys", """["my-app"]""", "Can only get key-value pair from an object")]
    [InlineData("add_app", """{"name": "x", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 1000, "require_key": 1}""", "Type mismatch! JSON key require_key expected type bool but found type Number")]
    public async Task KeyOperations_BadBody_AreRefusedNamingTheFieldAndTheSchema(string operation, string body, string expected)
    {
        await Frontend.AddAppAsync("my-app");

        (await Frontend.PostAsync(operation, body)).AssertBadRequest("Error parsing JSON: " + expected, "Expected JSON schema");
        Assert.Equal("[\"my-app\"]", (await Frontend.PostAsync("get_all_applications", new { verbose = false })).Body);
    }

    [Theory]
    [InlineData("0123456789ABCDEF", "Invalid key_id of 16 characters: expected 16 lower-case hexadecimal characters")]
    [InlineData("0123", "Invalid key_id of 4 characters")]
    [InlineData("", "Invalid key_id of 0 characters")]
    public async Task DeleteApiKey_NotAKeyId_IsRefusedNamingTheExpectedForm(string keyId, string expected)
    {
        await Frontend.AddAppAsync("my-app");

        (await Frontend.PostAsync("delete_api_key", new { app_name = "my-app", key_id = keyId })).AssertBadRequest(expected, "field: key_id", "rule: valid-value");
    }

    [Fact]
    public async Task DeleteApiKey_WholeKeyGivenForItsId_IsRefusedWithoutRepeatingTheKey()
    {
        await Frontend.AddAppAsync("my-app");
        var key = (await CreateKeyAsync("my-app")).GetProperty("key").GetString()!;

        var response = (await Frontend.PostAsync("delete_api_key", new { app_name = "my-app", key_id = key }))
            .AssertBadRequest("a whole API key was given; give only its id", "field: key_id");

        Assert.DoesNotContain(key[20..], response.Body, StringComparison.Ordinal);
        Assert.Equal(1, (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).Json.GetProperty("keys").GetArrayLength());
    }

    [Theory]
    [InlineData("line\nbreak", "it must not hold control characters")]
    [InlineData("tab\there", "it must not hold control characters")]
    public async Task AddApiKey_LabelWithControlCharacters_IsRefused(string label, string expected)
    {
        await Frontend.AddAppAsync("my-app");

        (await Frontend.PostAsync("add_api_key", new { app_name = "my-app", label })).AssertBadRequest("Invalid label: " + expected, "field: label");
    }

    [Fact]
    public async Task AddApiKey_LabelTooLong_IsRefusedNamingTheLimit()
    {
        await Frontend.AddAppAsync("my-app");

        (await Frontend.PostAsync("add_api_key", new { app_name = "my-app", label = new string('x', 101) }))
            .AssertBadRequest("Invalid label of 101 characters: a key's label has at most 100", "field: label");
        Assert.Equal(0, (await Frontend.PostAsync("get_api_keys", new { app_name = "my-app" })).Json.GetProperty("keys").GetArrayLength());
    }
}
