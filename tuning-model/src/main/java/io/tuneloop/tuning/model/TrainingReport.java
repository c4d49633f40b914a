package io.tuneloop.tuning.model;

/**
 * What one {@code fit} did: how many samples and epochs, and the mean squared error (normalised
 * units) over the samples before and after, averaged over members.
 */
public record TrainingReport(int samples, int epochs, double mseBefore, double mseAfter) {}
