import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Helpers for run-load-test.sh that need nothing but the JDK (run with {@code java RunnerSupport.java ...}):
 *
 * <ul>
 *   <li>{@code free-ports COUNT} prints COUNT distinct TCP ports that are free on 127.0.0.1, one per line. The
 *       ports are free when this program exits, but another process can take one before the service binds it.
 *   <li>{@code wait-healthy URL TIMEOUT_SECONDS PID} polls URL every 250 ms until it returns 200 and exits with 0.
 *       It exits with 1 when the timeout passes or the process PID ends first.
 *   <li>{@code new-api-keys COUNT} prints COUNT new random API keys, one per line, in the platform's format: the
 *       prefix {@code emk_} and 32 bytes of {@link SecureRandom} in unpadded URL-safe Base64. The caller must read
 *       them into a variable, never onto a terminal or into a log.
 * </ul>
 */
public class RunnerSupport {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("free-ports")) {
            freePorts(Integer.parseInt(args[1]));
        } else if (args.length == 4 && args[0].equals("wait-healthy")) {
            URI url = URI.create(args[1]);
            Duration timeout = Duration.ofSeconds(Long.parseLong(args[2]));
            System.exit(waitHealthy(url, timeout, Long.parseLong(args[3])));
        } else if (args.length == 2 && args[0].equals("new-api-keys")) {
            newApiKeys(Integer.parseInt(args[1]));
        } else {
            System.err.println("Usage: java RunnerSupport.java free-ports COUNT");
            System.err.println("       java RunnerSupport.java wait-healthy URL TIMEOUT_SECONDS PID");
            System.err.println("       java RunnerSupport.java new-api-keys COUNT");
            System.exit(2);
        }
    }

    private static void freePorts(int count) throws IOException {
        // All sockets stay open until every port is chosen, so the ports are distinct.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            for (ServerSocket socket : sockets) {
                System.out.println(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void newApiKeys(int count) {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            System.out.println("emk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
    }

    private static int waitHealthy(URI url, Duration timeout, long pid) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastResult = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("The service (PID " + pid + ") exited before " + url + " returned 200");
                return 1;
            }
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return 0;
                }
                lastResult = "status " + response.statusCode();
            } catch (IOException e) {
                lastResult = e.toString();
            }
            Thread.sleep(250);
        }
        System.err.println(
                url + " did not return 200 within " + timeout.toSeconds() + " s. Last result: " + lastResult);
        return 1;
    }
}
