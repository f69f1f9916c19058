package org.hyperrl.envs;

/**
 * Summary of one finished episode.
 *
 * @param episodeReturn undiscounted sum of rewards
 * @param length        number of steps
 */
public record EpisodeStatistics(double episodeReturn, int length) {
}
