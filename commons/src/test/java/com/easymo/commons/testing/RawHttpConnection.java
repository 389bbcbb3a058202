package com.easymo.commons.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 connection over a plain socket to a test server on 127.0.0.1, for requests that an HTTP client library
 * would refuse to send or would send differently: a lying {@code Content-Length}, a body sent after a pause, an
 * unknown HTTP version.
 */
public final class RawHttpConnection implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The bytes CR LF CR LF that end the status line and headers, as one big-endian int. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttpConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends the text as ISO-8859-1 bytes, so each character below 256 becomes one byte. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response: the status line, the headers, and a body of {@code Content-Length} bytes. */
    public Response readResponse() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Response(lines[0], status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Returns whether the server closes the connection within the timeout: a read returns end of stream or the
     * connection is reset. Returns false when the read times out with the connection still open.
     *
     * @throws IllegalStateException if the server sends more bytes instead
     */
    public boolean closedByServerWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int next = in.read();
            if (next != -1) {
                throw new IllegalStateException("Expected the connection to close, but the server sent more bytes");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // A reset closes the connection as well; it happens when the client's last bytes reach a closed socket.
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFourBytes = 0;
        while (lastFourBytes != END_OF_HEAD) {
            int next = in.read();
            if (next == -1) {
                throw new IOException(
                        "Connection closed after " + head.size() + " bytes, before the end of the headers");
            }
            if (head.size() >= MAX_HEADER_BYTES) {
                throw new IOException("Response headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            head.write(next);
            lastFourBytes = (lastFourBytes << 8) | next;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * Response as read from the socket.
     *
     * @param statusLine the first line, such as {@code HTTP/1.1 404 Not Found}
     * @param status the status code
     * @param headers header values by lower-case name; a repeated header keeps its last value
     * @param body the body decoded as UTF-8
     */
    public record Response(String statusLine, int status, Map<String, String> headers, String body) {

        /** Returns the value of a header, or null; the name is matched in any letter case. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }
}
