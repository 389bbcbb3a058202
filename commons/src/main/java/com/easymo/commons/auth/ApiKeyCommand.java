package com.easymo.commons.auth;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * Command {@code api-key}: makes a new API key and prints it once, with the key file entry that holds only its
 * digest. The service never stores or logs the key; the operator who runs the command hands it to the client.
 */
public final class ApiKeyCommand extends Command {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final PrintStream out;

    /** Creates the command, printing to standard output. */
    public ApiKeyCommand() {
        this(System.out);
    }

    ApiKeyCommand(PrintStream out) {
        super("api-key", "Makes a new API key and prints it with its key file entry");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--id").required(true).help("the key's ID, such as acme-2026-12");
        subparser.addArgument("--owner").required(true).help("the owner whose budget the key shares, such as acme");
        subparser.addArgument("--not-before").help("first instant the key is accepted, such as 2026-12-01T00:00:00Z");
        subparser.addArgument("--not-after").help("instant from which the key is refused");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        String id = name(namespace.getString("id"), "--id");
        String owner = name(namespace.getString("owner"), "--owner");
        Instant notBefore = instant(namespace.getString("not_before"), "--not-before");
        Instant notAfter = instant(namespace.getString("not_after"), "--not-after");
        if (notBefore != null && notAfter != null && !notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("--not-after must be later than --not-before");
        }

        String key = ApiKeyDigests.newKey();
        out.println("# The key, shown once: hand it to the client over a secure channel; it is stored nowhere.");
        out.println("# " + key);
        out.println("# Append this entry under 'keys:' in the API key file, then reload it.");
        out.println("  - id: " + id);
        out.println("    owner: " + owner);
        out.println("    sha256: \"" + ApiKeyDigests.sha256Hex(key) + "\"");
        if (notBefore != null) {
            out.println("    notBefore: " + notBefore);
        }
        if (notAfter != null) {
            out.println("    notAfter: " + notAfter);
        }
    }

    /** Prints the problem with an option as one line, without a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof IllegalArgumentException) {
            cli.getStdErr().println(e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }

    private static String name(String value, String option) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    option + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static Instant instant(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }
}
