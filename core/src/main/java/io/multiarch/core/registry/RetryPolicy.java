package io.multiarch.core.registry;

import java.time.Duration;

/**
 * How often and how long to retry a request that failed with 429, a 5xx status or a broken
 * connection. A {@code Retry-After} header wins over the computed backoff, up to
 * {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The backoff before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration backoff(int attempt) {
        long millis = initialDelay.toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
