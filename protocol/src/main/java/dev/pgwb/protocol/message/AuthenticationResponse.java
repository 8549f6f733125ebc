package dev.pgwb.protocol.message;

/**
 * The {@code 'p'} family: the client's answers during authentication. They share one type byte;
 * which one a frame holds follows from the server's last Authentication request.
 */
public sealed interface AuthenticationResponse extends FrontendMessage
        permits PasswordMessage, SASLInitialResponse, SASLResponse, GSSResponse {
}
