package io.hactl.api;

/**
 * The body of a request the API did not serve (bad token, bad parameter, internal error):
 * what went wrong and what to do, in {@code message}.
 *
 * @param error   a short code: unauthorized, forbidden, bad-request, controller-error
 * @param message a sentence naming the problem and the fix
 */
public record ApiError(String error, String message) {
}
