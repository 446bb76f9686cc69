using System.CommandLine;
using Clipper.Configuration.Redis;
using Clipper.ModelRpc.Security;

namespace Clipper.Cli.Commands;

/// <summary>
/// Where a frontend finds its Redis and how it logs in: <c>--redis</c> (<c>HOST:PORT</c> or
/// <c>redis://[[USER]:PASSWORD@]HOST[:PORT]</c>), and a password from <c>--redis-password-file</c> or the variable
/// <see cref="PasswordVariable"/> when the URL carries none.
/// </summary>
internal sealed class RedisFlags
{
    /// <summary>The variable a password is read from when neither the URL nor a file gives one.</summary>
    public const string PasswordVariable = "CLIPPER_REDIS_PASSWORD";

    private RedisFlags(Option<string> address, Option<string?> passwordFile)
    {
        Address = address;
        PasswordFile = passwordFile;
    }

    /// <summary><c>--redis</c>.</summary>
    public Option<string> Address { get; }

    /// <summary><c>--redis-password-file</c>.</summary>
    public Option<string?> PasswordFile { get; }

    /// <summary>The flags of a frontend, which must be told where Redis is.</summary>
    public static RedisFlags ForFrontend() => new(
        new Option<string>("--redis") { Description = $"The Redis server holding the configuration: {RedisEndpoint.Expected}.", Required = true },
        new Option<string?>("--redis-password-file") { Description = $"A file (mode 600) holding the password Redis requires. Default: the password in the --redis URL, else the variable {PasswordVariable}, else none." });

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Address);
        command.Options.Add(PasswordFile);
    }

    /// <summary>The endpoint with its password: from the URL, else the file, else the variable; the URL and a file together are refused.</summary>
    /// <exception cref="ArgumentException">The address, the file or the combination is not valid; the message names the flag.</exception>
    public RedisEndpoint Resolve(ParseResult result) => Resolve(result.GetValue(Address), result.GetValue(PasswordFile), "--redis", "--redis-password-file");

    /// <summary>Resolves an address and an optional password file as <see cref="Resolve(ParseResult)"/> does; <paramref name="readVariable"/> false leaves the variable unread.</summary>
    public static RedisEndpoint Resolve(string? address, string? passwordFile, string addressFlag, string fileFlag, bool readVariable = true)
    {
        if (!RedisEndpoint.TryParse(address, out var endpoint, out var error))
        {
            throw new ArgumentException($"{addressFlag}: {error}.");
        }

        if (!string.IsNullOrEmpty(passwordFile))
        {
            if (endpoint!.Password is not null)
            {
                throw new ArgumentException($"{addressFlag} carries a password and {fileFlag} gives another; give one of them.");
            }

            var password = SecretFile.Read(passwordFile, "Redis password");
            return password.Length == 0
                ? throw new ArgumentException($"{fileFlag}: the file '{passwordFile}' is empty; expected the password Redis requires.")
                : endpoint with { Password = password };
        }

        return readVariable && endpoint!.Password is null && Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromVariable
            ? endpoint with { Password = fromVariable }
            : endpoint!;
    }
}
