package com.easymo.commons.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A credential path that points somewhere other than a regular file of bounded size is refused at once: a wrong path
 * must neither block the reader nor fill the heap.
 */
class CredentialFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsFileThroughLink() throws Exception {
        Path file = Files.writeString(dir.resolve("keys.yml"), "keys: []\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.yml"), file);

        assertThat(new String(CredentialFiles.read(link, 100, "API key file"))).isEqualTo("keys: []\n");
    }

    @Test
    void rejectsLinkToDevice() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("zero.yml"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> CredentialFiles.read(link, 100, "API key file"))
                .isInstanceOf(IOException.class)
                .hasMessage("API key file " + link + " is not a regular file");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void rejectsNamedPipe() throws Exception {
        Path pipe = dir.resolve("pipe.yml");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();

        assertThatThrownBy(() -> CredentialFiles.read(pipe, 100, "API key file"))
                .hasMessage("API key file " + pipe + " is not a regular file");
    }

    @Test
    void rejectsFileOverBound() throws Exception {
        Path file = Files.write(dir.resolve("big.yml"), new byte[101]);

        assertThatThrownBy(() -> CredentialFiles.read(file, 100, "API key file"))
                .hasMessage("API key file " + file + " is larger than 100 bytes");
        assertThat(CredentialFiles.read(Files.write(dir.resolve("edge.yml"), new byte[100]), 100, "x"))
                .hasSize(100);
    }

    @Test
    void namesMissingFile() {
        Path missing = dir.resolve("missing.yml");

        assertThatThrownBy(() -> CredentialFiles.read(missing, 100, "API key file"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage("API key file " + missing + " does not exist");
    }
}
