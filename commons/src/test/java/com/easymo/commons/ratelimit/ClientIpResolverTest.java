package com.easymo.commons.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpResolverTest {

    private final ClientIpResolver untrusting = new ClientIpResolver(List.of(), 64);
    private final ClientIpResolver behindProxy =
            new ClientIpResolver(List.of(CidrRange.parse("127.0.0.1"), CidrRange.parse("10.0.0.0/8")), 64);

    @Test
    void ignoresForwardedForFromUntrustedPeer() {
        InetAddress client = untrusting.resolve("192.0.2.10", List.of("203.0.113.1"));

        assertThat(client.getHostAddress()).isEqualTo("192.0.2.10");
    }

    @Test
    void readsRightmostEntryAppendedByTrustedProxy() {
        InetAddress client = behindProxy.resolve("127.0.0.1", List.of("10.9.9.1, 198.51.100.7"));

        assertThat(client.getHostAddress()).isEqualTo("198.51.100.7");
    }

    @Test
    void skipsEveryTrustedHopFromTheRight() {
        InetAddress client = behindProxy.resolve("127.0.0.1", List.of("203.0.113.5, 198.51.100.7, 10.1.1.1, 10.2.2.2"));

        assertThat(client.getHostAddress()).isEqualTo("198.51.100.7");
    }

    @Test
    void joinsRepeatedHeadersInOrder() {
        InetAddress client = behindProxy.resolve("127.0.0.1", List.of("198.51.100.7", "10.1.1.1"));

        assertThat(client.getHostAddress()).isEqualTo("198.51.100.7");
    }

    @Test
    void usesTrustedPeerWhenHeaderIsMissing() {
        InetAddress client = behindProxy.resolve("127.0.0.1", List.of());

        assertThat(client.getHostAddress()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "example.com, 198.51.100.7 | 198.51.100.7",
                "198.51.100.7, not-an-ip | 127.0.0.1",
                "198.51.100.7, | 127.0.0.1",
                "'' | 127.0.0.1",
                "198.51.100.7, 999.1.1.1 | 127.0.0.1",
                "198.51.100.7, 203.0.113.9:4711 | 203.0.113.9",
                "198.51.100.7, [2001:db8::1]:443 | 2001:db8:0:0:0:0:0:1",
                "198.51.100.7, ::ffff:203.0.113.9 | 203.0.113.9"
            })
    void resolvesOddForwardedForEntries(String header, String expected) {
        InetAddress client = behindProxy.resolve("127.0.0.1", List.of(header));

        assertThat(client.getHostAddress()).isEqualTo(expected);
    }

    @Test
    void normalizesIpv4MappedSocketAddress() {
        InetAddress client = untrusting.resolve("::ffff:203.0.113.9", List.of());

        assertThat(untrusting.keyFor(client)).isEqualTo("203.0.113.9");
    }

    @Test
    void acceptsBracketedIpv6SocketAddress() {
        InetAddress client = untrusting.resolve("[0:0:0:0:0:0:0:1]", List.of());

        assertThat(client.getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void groupsIpv6AddressesByPrefix() {
        InetAddress first = untrusting.resolve("2001:db8:ab:cd::1", List.of());
        InetAddress second = untrusting.resolve("2001:db8:ab:cd:ffff:1:2:3", List.of());
        InetAddress otherPrefix = untrusting.resolve("2001:db8:ab:ce::1", List.of());

        assertThat(untrusting.keyFor(first)).isEqualTo("2001:db8:ab:cd:0:0:0:0/64");
        assertThat(untrusting.keyFor(second)).isEqualTo("2001:db8:ab:cd:0:0:0:0/64");
        assertThat(untrusting.keyFor(otherPrefix)).isEqualTo("2001:db8:ab:ce:0:0:0:0/64");
    }

    @Test
    void honoursConfiguredIpv6Prefix() {
        ClientIpResolver resolver = new ClientIpResolver(List.of(), 48);

        String key = resolver.keyFor(resolver.resolve("2001:db8:ab:cd::1", List.of()));

        assertThat(key).isEqualTo("2001:db8:ab:0:0:0:0:0/48");
    }

    @Test
    void keepsIpv4AddressWhole() {
        assertThat(untrusting.keyFor(untrusting.resolve("203.0.113.9", List.of())))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void rejectsSocketAddressThatIsNotLiteral() {
        assertThatThrownBy(() -> untrusting.resolve("localhost", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid socket address: localhost");
    }

    @Test
    void rejectsPrefixLengthOutOfRange() {
        assertThatThrownBy(() -> new ClientIpResolver(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ipv6PrefixLength must be between 1 and 128, was 0");
    }
}
