/**
 * Federated training over Pulsar: clusters share what their models learned, never their telemetry.
 *
 * <h2>Protocol</h2>
 *
 * <ol>
 *   <li>An operator reads the newest baseline for its feature schema from the compacted topic
 *       {@code persistent://<tenant>/federation/baselines} (key: schema version) with {@link
 *       io.tuneloop.federation.baseline.BaselineReader}, and fine-tunes its model from it.
 *   <li>It publishes its weights minus the baseline, clipped to an L2 bound, with its sample count,
 *       schema version and fingerprint, baseline version, round and pseudonymous cluster id to
 *       {@code persistent://<tenant>/federation/updates} with {@link
 *       io.tuneloop.federation.update.UpdatePublisher}.
 *   <li>The aggregator ({@link io.tuneloop.federation.aggregator.FederationAggregator}, command
 *       {@link io.tuneloop.federation.aggregator.AggregatorCommand}) collects a round of N updates
 *       or times out, refuses and counts what does not fit ({@link
 *       io.tuneloop.federation.wire.RejectionReason}), aggregates robustly (FedAvg with norm bound,
 *       coordinate-wise trimmed mean, or DP-FedAvg with Gaussian noise and an RDP accountant),
 *       publishes the next baseline with its lineage, and only then acknowledges the updates.
 * </ol>
 *
 * <h2>Wire formats</h2>
 *
 * Both messages are Pulsar {@code Schema.BYTES} payloads in a versioned, checksummed binary frame:
 * magic, format version, flags, body, CRC-32C ({@link
 * io.tuneloop.federation.update.ModelUpdateCodec}, {@link
 * io.tuneloop.federation.baseline.BaselineCodec}). Decoders refuse unknown versions, oversized or
 * truncated payloads, bad checksums, out-of-range fields and non-finite values with a reason, and
 * never throw anything else.
 *
 * <p>Nothing here depends on Deeplearning4j: models travel as flat {@code float[]} parameter
 * vectors, which the operator takes from and puts back into its model.
 */
package io.tuneloop.federation;
