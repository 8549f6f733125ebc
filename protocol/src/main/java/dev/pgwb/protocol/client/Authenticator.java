package dev.pgwb.protocol.client;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import com.ongres.scram.common.util.TlsServerEndpoint;
import dev.pgwb.protocol.message.AuthenticationCleartextPassword;
import dev.pgwb.protocol.message.AuthenticationMD5Password;
import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.AuthenticationSASLContinue;
import dev.pgwb.protocol.message.AuthenticationSASLFinal;
import dev.pgwb.protocol.message.Authentication;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.SASLInitialResponse;
import dev.pgwb.protocol.message.SASLResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers the server's authentication requests for the user: trust, cleartext password, MD5 and
 * SCRAM-SHA-256 / SCRAM-SHA-256-PLUS (channel binding {@code tls-server-end-point} over TLS), the
 * SCRAM part done by {@code com.ongres.scram} as in pgJDBC. Reads from the connection's inbox and
 * consumes the Authentication messages; stops at AuthenticationOk (consumed), or leaves an
 * ErrorResponse where it is for the script to expect.
 */
public final class Authenticator {

    /** How authentication ended. */
    public enum Result {
        /** AuthenticationOk came. */
        OK,
        /** The server sent an ErrorResponse (left unread in the inbox). */
        ERROR,
        /** The server closed the connection. */
        CLOSED
    }

    private final WireConnection connection;
    private final String user;
    private final Supplier<String> password;
    private final String channelBinding;
    private String method = "trust";
    private ScramClient scram;

    /**
     * @param password       asked only when the server wants a password (a prompt may stand behind it); may return null
     * @param channelBinding {@code prefer}, {@code require} or {@code disable}
     */
    public Authenticator(WireConnection connection, String user, Supplier<String> password, String channelBinding) {
        this.connection = connection;
        this.user = user;
        this.password = password;
        this.channelBinding = channelBinding;
    }

    /** The method the server chose, as PostgreSQL names it (trust, password, md5, SCRAM-SHA-256, SCRAM-SHA-256-PLUS). */
    public String method() {
        return method;
    }

    public Result authenticate(Duration timeout) throws IOException, InterruptedException {
        while (true) {
            Incoming in = connection.peek(timeout);
            if (in == null) {
                throw new IOException("no answer from the server within " + timeout.toMillis() + " ms during authentication");
            }
            if (in.isClosed()) {
                return Result.CLOSED;
            }
            Message m = in.decoded().message();
            if (m instanceof ErrorResponse) {
                return Result.ERROR;
            }
            connection.next(Duration.ZERO);
            if (m instanceof AuthenticationOk) {
                return Result.OK;
            }
            answer(m);
            connection.flush(); // the answer must go now, whatever the run mode buffers
        }
    }

    private void answer(Message m) throws IOException {
        {
            switch (m) {
                case AuthenticationCleartextPassword p -> {
                    method = "password";
                    connection.send(new PasswordMessage(requirePassword("a cleartext password")));
                }
                case AuthenticationMD5Password p -> {
                    method = "md5";
                    connection.send(new PasswordMessage(md5(requirePassword("an MD5 password"), user, p.salt())));
                }
                case AuthenticationSASL sasl -> scram = startScram(sasl.mechanisms());
                case AuthenticationSASLContinue c -> {
                    if (scram == null) {
                        throw new IOException("AuthenticationSASLContinue without a SASL exchange started");
                    }
                    try {
                        scram.serverFirstMessage(new String(c.data().toArray(), StandardCharsets.UTF_8));
                    } catch (ScramException e) {
                        throw new IOException("the server's SCRAM server-first-message is not valid: " + e.getMessage(), e);
                    }
                    connection.send(new SASLResponse(Bytes.of(scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8))));
                }
                case AuthenticationSASLFinal f -> {
                    if (scram == null) {
                        throw new IOException("AuthenticationSASLFinal without a SASL exchange started");
                    }
                    try {
                        scram.serverFinalMessage(new String(f.data().toArray(), StandardCharsets.UTF_8));
                    } catch (ScramException e) {
                        throw new IOException("the server's SCRAM signature does not verify (" + e.getMessage()
                                + "): this server may not know the password", e);
                    }
                }
                case Authentication other -> throw new IOException(other.typeName() + " is not supported by pgwb's client "
                        + "(trust, password, md5 and SCRAM-SHA-256 are); answer it message by message in a script instead");
                default -> { } // NoticeResponse, NegotiateProtocolVersion...: shown, nothing to answer
            }
        }
    }

    private ScramClient startScram(List<String> offered) throws IOException {
        boolean plusOffered = offered.contains("SCRAM-SHA-256-PLUS");
        boolean usePlus = plusOffered && connection.isTls() && !channelBinding.equals("disable");
        if (channelBinding.equals("require") && !usePlus) {
            throw new IOException("channel binding required, but " + (connection.isTls()
                    ? "the server does not offer SCRAM-SHA-256-PLUS" : "the connection is not over TLS"));
        }
        if (!usePlus && !offered.contains("SCRAM-SHA-256")) {
            throw new IOException("none of the SASL mechanisms the server offers is supported: " + offered);
        }
        String pw = requirePassword("a SCRAM password");
        var builder = ScramClient.builder()
                .advertisedMechanisms(usePlus ? offered : offered.stream().filter(m -> !m.endsWith("-PLUS")).toList())
                .username("*") // PostgreSQL takes the user from the StartupMessage, as pgJDBC does
                .password(pw.toCharArray());
        if (usePlus) {
            try {
                builder.channelBinding(TlsServerEndpoint.TLS_SERVER_END_POINT,
                        TlsServerEndpoint.getChannelBindingData(connection.serverCertificate()));
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot read the server certificate for channel binding: " + e.getMessage(), e);
            }
        }
        ScramClient client = builder.stringPreparation(StringPreparation.POSTGRESQL_PREPARATION).build();
        method = client.getScramMechanism().getName();
        connection.send(new SASLInitialResponse(method,
                Bytes.of(client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8))));
        return client;
    }

    private String requirePassword(String what) throws IOException {
        String pw = password.get();
        if (pw == null) {
            throw new IOException("the server asks for " + what + " but none was given (PGPASSWORD, ~/.pgpass, or the prompt)");
        }
        return pw;
    }

    /** {@code "md5" + md5hex(md5hex(password + user) + salt)}, as the Message Flow chapter gives it. */
    public static String md5(String password, String user, Bytes salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md.reset();
            md.update(inner.getBytes(StandardCharsets.US_ASCII));
            md.update(salt.toArray());
            return "md5" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }
}
