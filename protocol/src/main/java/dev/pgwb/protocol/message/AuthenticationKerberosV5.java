package dev.pgwb.protocol.message;

/** Kerberos V5 required (code 2, no longer supported by servers). Type byte {@code 'R'}. */
public record AuthenticationKerberosV5() implements Authentication {
}
