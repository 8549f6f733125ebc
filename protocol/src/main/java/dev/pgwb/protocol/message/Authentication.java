package dev.pgwb.protocol.message;

/** The {@code 'R'} family: the server's authentication requests, told apart by an int32 code. */
public sealed interface Authentication extends BackendMessage
        permits AuthenticationOk, AuthenticationKerberosV5, AuthenticationCleartextPassword, AuthenticationMD5Password,
        AuthenticationGSS, AuthenticationGSSContinue, AuthenticationSSPI, AuthenticationSASL,
        AuthenticationSASLContinue, AuthenticationSASLFinal {

    /** The int32 code after the length: 0 Ok, 2 KerberosV5, 3 Cleartext, 5 MD5, 7 GSS, 8 GSSContinue, 9 SSPI, 10 SASL, 11 SASLContinue, 12 SASLFinal. */
    default int code() {
        return switch (this) {
            case AuthenticationOk m -> 0;
            case AuthenticationKerberosV5 m -> 2;
            case AuthenticationCleartextPassword m -> 3;
            case AuthenticationMD5Password m -> 5;
            case AuthenticationGSS m -> 7;
            case AuthenticationGSSContinue m -> 8;
            case AuthenticationSSPI m -> 9;
            case AuthenticationSASL m -> 10;
            case AuthenticationSASLContinue m -> 11;
            case AuthenticationSASLFinal m -> 12;
        };
    }
}
