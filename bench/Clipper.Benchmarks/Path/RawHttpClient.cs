using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clipper.Benchmarks.Path;

/// <summary>
/// An HTTP/1.1 client that allocates nothing per request: one kept-alive socket, a pre-built POST, and the whole
/// response read into a reused buffer (by Content-Length, or to the last chunk of a chunked body).
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] s_contentLength = "\r\nContent-Length: "u8.ToArray();
    private static readonly byte[] s_lastChunk = "\r\n0\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly byte[] _request;
    private readonly byte[] _response = new byte[64 * 1024];

    private RawHttpClient(Socket socket, byte[] request)
    {
        _socket = socket;
        _request = request;
    }

    /// <summary>The last response's length, headers included.</summary>
    public int ResponseLength { get; private set; }

    /// <summary>Connects to <paramref name="port"/> on loopback, to POST <paramref name="json"/> to <paramref name="path"/>.</summary>
    public static RawHttpClient Connect(int port, string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return new RawHttpClient(socket, [.. head, .. body]);
    }

    /// <summary>Sends the request and reads its whole response; returns the status code.</summary>
    public int Send()
    {
        _socket.Send(_request);
        var filled = 0;
        var bodyStart = -1;
        var contentLength = -1;
        while (true)
        {
            var read = _socket.Receive(_response.AsSpan(filled));
            if (read == 0)
            {
                throw new InvalidOperationException("The server closed the connection.");
            }

            filled += read;
            var received = _response.AsSpan(0, filled);
            if (bodyStart < 0)
            {
                var end = received.IndexOf(s_headerEnd);
                if (end < 0)
                {
                    continue;
                }

                bodyStart = end + s_headerEnd.Length;
                var headers = received[..end];
                var at = headers.IndexOf(s_contentLength);
                if (at >= 0 && Utf8Parser.TryParse(headers[(at + s_contentLength.Length)..], out int length, out _))
                {
                    contentLength = length;
                }
            }

            var complete = contentLength >= 0
                ? filled - bodyStart >= contentLength
                : received[(bodyStart - 2)..].EndsWith(s_lastChunk);
            if (complete)
            {
                ResponseLength = filled;
                return Utf8Parser.TryParse(received["HTTP/1.1 ".Length..], out int status, out _) ? status : 0;
            }

            if (filled == _response.Length)
            {
                throw new InvalidOperationException($"A response longer than the client's {_response.Length} B buffer.");
            }
        }
    }

    /// <summary>The last response as text (allocates; for checks outside the measurement).</summary>
    public string LastResponse() => Encoding.UTF8.GetString(_response, 0, ResponseLength);

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _socket.Dispose();
}
