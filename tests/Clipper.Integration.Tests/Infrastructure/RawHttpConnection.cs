using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 connection written byte by byte over real TCP, for what HttpClient will not send: exact header
/// counts, bodies that trickle in, requests that never finish, connections held open.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _received = [];

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects to 127.0.0.1 on <paramref name="port"/>.</summary>
    public static async Task<RawHttpConnection> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port).WithTimeout();
        return new RawHttpConnection(client);
    }

    /// <summary>A request's text: the request line, <c>Host</c>, <paramref name="headers"/> and, with a body, its <c>Content-Type</c> and <c>Content-Length</c>.</summary>
    /// <param name="method">GET or POST.</param>
    /// <param name="path">The path, e.g. <c>/app/predict</c>.</param>
    /// <param name="body">The body, or <see langword="null"/>.</param>
    /// <param name="headers">Extra header lines, without line ends.</param>
    /// <returns>The request, ready to send.</returns>
    public static string Request(string method, string path, string? body, params string[] headers)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body);
        }
        else
        {
            text.Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8.</summary>
    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WithTimeout();

    /// <summary>Sends a request and reads its response.</summary>
    public async Task<RawHttpResponse> ExchangeAsync(string request)
    {
        await SendAsync(request);
        return await ReadResponseAsync(TestTimeouts.Default) ?? throw new IOException("The server closed the connection without answering.");
    }

    /// <summary>
    /// Reads one response; <see langword="null"/> when the server closed (or reset) the connection before a whole
    /// response arrived. Fails the test when nothing happens within <paramref name="timeout"/>.
    /// </summary>
    public async Task<RawHttpResponse?> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        while (true)
        {
            if (TryParse(out var response))
            {
                return response;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, cancellation.Token);
            }
            catch (IOException)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No response and no close within {timeout.TotalSeconds} s; received so far: {Encoding.UTF8.GetString([.. _received])}");
            }

            if (read == 0)
            {
                return null;
            }

            _received.AddRange(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Whether the server has closed the connection, waiting for it at most <paramref name="timeout"/>.</summary>
    public async Task<bool> IsClosedAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cancellation.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private bool TryParse(out RawHttpResponse? response)
    {
        response = null;
        var text = Encoding.Latin1.GetString([.. _received]);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return false;
        }

        var head = text[..headEnd];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var length = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(parts => int.Parse(parts[1].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var bodyStart = headEnd + 4;
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseChunked(status, head, bodyStart, out response);
        }

        if (_received.Count - bodyStart < length)
        {
            return false;
        }

        response = new RawHttpResponse(status, head, Encoding.UTF8.GetString(_received.GetRange(bodyStart, length).ToArray()));
        _received.RemoveRange(0, bodyStart + length);
        return true;
    }

    private bool TryParseChunked(int status, string head, int bodyStart, out RawHttpResponse? response)
    {
        response = null;
        var body = new List<byte>();
        var position = bodyStart;
        while (true)
        {
            var lineEnd = IndexOfLineEnd(position);
            if (lineEnd < 0)
            {
                return false;
            }

            var size = int.Parse(Encoding.Latin1.GetString(_received.GetRange(position, lineEnd - position).ToArray()).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (_received.Count < position + size + 2)
            {
                return false;
            }

            body.AddRange(_received.GetRange(position, size));
            position += size + 2;
            if (size == 0)
            {
                response = new RawHttpResponse(status, head, Encoding.UTF8.GetString([.. body]));
                _received.RemoveRange(0, position);
                return true;
            }
        }
    }

    private int IndexOfLineEnd(int from)
    {
        for (var i = from; i + 1 < _received.Count; i++)
        {
            if (_received[i] == '\r' && _received[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A response read by <see cref="RawHttpConnection"/>.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Head">The status line and headers.</param>
/// <param name="Body">The body, as UTF-8.</param>
public sealed record RawHttpResponse(int Status, string Head, string Body);
