package io.tuneloop.tuning.model;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Deeplearning4j ensemble that predicts, for the observed load and a candidate's settings, the
 * p99 publish latency, peak CPU utilisation and throughput headroom of the window that shows the
 * decision's outcome ({@link Target}). Members share one architecture and differ by seed (initial
 * weights and minibatch order); their mean is the prediction and their standard deviation its
 * spread.
 *
 * <p>Thread safety: all methods are synchronised on the model (DL4J networks are not safe for
 * concurrent use). Weights change only through {@link #fit}, {@link #fitBatch} and {@link
 * #setParams}.
 */
public final class PerformanceModel implements Predictor {
  private final ModelMetadata metadata;
  private final List<MultiLayerNetwork> members;
  private final FeatureSchema schema;
  private final ModelInputs inputs;
  private long trainingSamples;

  /**
   * Wraps trained members (the model store and the federated aggregator build models this way).
   *
   * @throws IllegalArgumentException when the members do not match the metadata's architecture
   * @throws io.tuneloop.telemetry.features.SchemaMismatchException when the metadata names another
   *     schema
   */
  public static PerformanceModel fromMembers(
      ModelMetadata metadata, List<MultiLayerNetwork> members, FeatureSchema schema) {
    return new PerformanceModel(metadata, members, schema);
  }

  private PerformanceModel(
      ModelMetadata metadata, List<MultiLayerNetwork> members, FeatureSchema schema) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.members = List.copyOf(members);
    this.schema = Objects.requireNonNull(schema, "schema");
    schema.requireCompatible(
        metadata.schemaVersion(), metadata.schemaFingerprint(), "model " + metadata.modelVersion());
    this.inputs = new ModelInputs(schema, KnobCatalog.standard(), metadata.stats());
    if (this.members.size() != metadata.config().members()) {
      throw new IllegalArgumentException(
          "model "
              + metadata.modelVersion()
              + " declares "
              + metadata.config().members()
              + " members but has "
              + this.members.size());
    }
    long expected = parameterCount(inputs.width(), metadata.config());
    for (int i = 0; i < this.members.size(); i++) {
      long n = this.members.get(i).numParams();
      if (n != expected) {
        throw new IllegalArgumentException(
            "member " + i + " has " + n + " parameters, the declared architecture " + expected);
      }
    }
    this.trainingSamples = metadata.trainingSamples();
  }

  /**
   * A fresh, untrained ensemble: member {@code i} initialised from {@code config.memberSeed(i)}
   * with the reference normalisation of {@code schema}.
   */
  public static PerformanceModel initialise(
      EnsembleConfig config, FeatureSchema schema, String version, Lineage lineage, Instant now) {
    NormalisationStats stats = ReferenceStatistics.forSchema(schema, KnobCatalog.standard());
    int nIn = ModelInputs.width(schema, KnobCatalog.standard());
    List<MultiLayerNetwork> nets = new ArrayList<>();
    for (int i = 0; i < config.members(); i++) {
      MultiLayerNetwork net = new MultiLayerNetwork(networkConfig(config, nIn, i));
      net.init();
      nets.add(net);
    }
    ModelMetadata meta =
        new ModelMetadata(
            version,
            lineage,
            schema.version(),
            schema.fingerprint(),
            KnobCatalog.VERSION,
            config,
            stats,
            0,
            now);
    return new PerformanceModel(meta, nets, schema);
  }

  static org.deeplearning4j.nn.conf.MultiLayerConfiguration networkConfig(
      EnsembleConfig config, int nIn, int member) {
    NeuralNetConfiguration.ListBuilder b =
        new NeuralNetConfiguration.Builder()
            .seed(config.memberSeed(member))
            .dataType(DataType.FLOAT)
            .weightInit(WeightInit.XAVIER)
            .updater(new Adam(config.learningRate()))
            .l2(config.l2())
            .list();
    int prev = nIn;
    for (int h : config.hiddenLayers()) {
      b.layer(new DenseLayer.Builder().nIn(prev).nOut(h).activation(Activation.TANH).build());
      prev = h;
    }
    b.layer(
        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
            .nIn(prev)
            .nOut(Target.values().length)
            .activation(Activation.IDENTITY)
            .build());
    return b.build();
  }

  /** Weights and biases of one member for an input width and architecture. */
  public static long parameterCount(int nIn, EnsembleConfig config) {
    long n = 0;
    int prev = nIn;
    for (int h : config.hiddenLayers()) {
      n += (long) prev * h + h;
      prev = h;
    }
    return n + (long) prev * Target.values().length + Target.values().length;
  }

  public ModelMetadata metadata() {
    return new ModelMetadata(
        metadata.modelVersion(),
        metadata.lineage(),
        metadata.schemaVersion(),
        metadata.schemaFingerprint(),
        metadata.catalogVersion(),
        metadata.config(),
        metadata.stats(),
        trainingSamples(),
        metadata.createdAt());
  }

  @Override
  public String version() {
    return metadata.modelVersion();
  }

  public FeatureSchema schema() {
    return schema;
  }

  public ModelInputs inputs() {
    return inputs;
  }

  public synchronized long trainingSamples() {
    return trainingSamples;
  }

  /** Copies of the member networks (for the store); the model's own stay private. */
  public synchronized List<MultiLayerNetwork> memberCopies() {
    return members.stream().map(MultiLayerNetwork::clone).toList();
  }

  /**
   * An independent copy with a new version whose lineage names this model as parent; weights are
   * equal, later training of one does not affect the other.
   */
  public synchronized PerformanceModel derive(String newVersion, Instant now) {
    ModelMetadata meta =
        new ModelMetadata(
            newVersion,
            new Lineage(metadata.lineage().baselineVersion(), metadata.modelVersion()),
            metadata.schemaVersion(),
            metadata.schemaFingerprint(),
            metadata.catalogVersion(),
            metadata.config(),
            metadata.stats(),
            trainingSamples,
            now);
    return new PerformanceModel(meta, memberCopies(), schema);
  }

  @Override
  public List<Prediction> predict(ClusterSnapshot snapshot, List<ClusterSettings> candidates) {
    return predict(schema.vectorize(snapshot), candidates);
  }

  /** One prediction per candidate for an already vectorised snapshot. */
  public List<Prediction> predict(FeatureVector features, List<ClusterSettings> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    float[] x = inputs.encode(features, candidates);
    return predictEncoded(x, candidates.size());
  }

  /**
   * Predictions for {@code rows} rows of already encoded, normalised inputs.
   *
   * @throws IllegalStateException when a member produces a non-finite output (broken weights)
   */
  public synchronized List<Prediction> predictEncoded(float[] x, int rows) {
    int w = inputs.width();
    if (x.length != rows * w) {
      throw new IllegalArgumentException(
          "inputs hold " + x.length + " values, expected " + rows + " x " + w);
    }
    Target[] targets = Target.values();
    int t = targets.length;
    int k = members.size();
    // raw[m][r * t + j]: member m's prediction of target j for row r, in raw units.
    double[][] raw = new double[k][rows * t];
    INDArray in = Nd4j.create(x, new long[] {rows, w}, 'c');
    for (int m = 0; m < k; m++) {
      float[] out = members.get(m).output(in, false).data().asFloat();
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < t; j++) {
          float v = out[r * t + j];
          if (!Float.isFinite(v)) {
            throw new IllegalStateException(
                "model " + version() + " member " + m + " predicted " + v + " for " + targets[j]);
          }
          double scaled = metadata.stats().denormaliseOutput(j, v);
          raw[m][r * t + j] = clampRaw(targets[j], targets[j].fromModelScale(scaled));
        }
      }
    }
    List<Prediction> result = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      Estimate[] e = new Estimate[t];
      for (int j = 0; j < t; j++) {
        double sum = 0;
        for (int m = 0; m < k; m++) {
          sum += raw[m][r * t + j];
        }
        double mean = sum / k;
        double sq = 0;
        for (int m = 0; m < k; m++) {
          double d = raw[m][r * t + j] - mean;
          sq += d * d;
        }
        e[j] = new Estimate(mean, Math.sqrt(sq / (k - 1)));
      }
      result.add(new Prediction(e[0], e[1], e[2]));
    }
    return result;
  }

  private static double clampRaw(Target t, double v) {
    return switch (t) {
      case P99_PUBLISH_LATENCY_MS, PEAK_CPU_UTILISATION -> Math.max(0, v);
      case THROUGHPUT_HEADROOM -> Math.min(1, v);
    };
  }

  /** Encoded inputs and normalised targets of {@code samples}, row-major. */
  public TrainingData encode(List<Sample> samples) {
    int w = inputs.width();
    int t = Target.values().length;
    float[] x = new float[samples.size() * w];
    float[] y = new float[samples.size() * t];
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      float[] row = inputs.encode(s.features(), List.of(s.settings()));
      System.arraycopy(row, 0, x, i * w, w);
      System.arraycopy(inputs.encodeTargets(s.outcome()), 0, y, i * t, t);
    }
    return new TrainingData(x, y, samples.size(), w, t);
  }

  /**
   * Trains every member for {@code epochs} passes over {@code data} in minibatches of {@code
   * batchSize}, each member in its own seeded order, so the same data and model give the same
   * weights on every run.
   */
  public synchronized TrainingReport fit(TrainingData data, int epochs, int batchSize) {
    requireShape(data);
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "epochs=" + epochs + " and batchSize=" + batchSize + " must be >= 1");
    }
    if (data.rows() == 0) {
      return new TrainingReport(0, 0, Double.NaN, Double.NaN);
    }
    double before = mse(data);
    for (int m = 0; m < members.size(); m++) {
      MultiLayerNetwork net = members.get(m);
      Random order = new Random(metadata.config().memberSeed(m) * 31 + trainingSamples);
      int[] idx = new int[data.rows()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      for (int e = 0; e < epochs; e++) {
        shuffle(idx, order);
        for (int start = 0; start < idx.length; start += batchSize) {
          int n = Math.min(batchSize, idx.length - start);
          net.fit(batch(data, idx, start, n));
        }
      }
    }
    trainingSamples += data.rows();
    double after = mse(data);
    return new TrainingReport(data.rows(), epochs, before, after);
  }

  /**
   * One gradient step of every member on one minibatch (the unit the fine-tune benchmark times).
   */
  public synchronized void fitBatch(TrainingData batch) {
    requireShape(batch);
    DataSet ds =
        new DataSet(
            Nd4j.create(batch.x(), new long[] {batch.rows(), batch.inputs()}, 'c'),
            Nd4j.create(batch.y(), new long[] {batch.rows(), batch.outputs()}, 'c'));
    for (MultiLayerNetwork net : members) {
      net.fit(ds);
    }
  }

  /** Mean squared error in normalised units over {@code data}, averaged over members. */
  public synchronized double mse(TrainingData data) {
    requireShape(data);
    INDArray in = Nd4j.create(data.x(), new long[] {data.rows(), data.inputs()}, 'c');
    INDArray want = Nd4j.create(data.y(), new long[] {data.rows(), data.outputs()}, 'c');
    double total = 0;
    for (MultiLayerNetwork net : members) {
      INDArray diff = net.output(in, false).sub(want);
      total += diff.mul(diff).meanNumber().doubleValue();
    }
    return total / members.size();
  }

  /**
   * Every member's parameters concatenated into one row vector (a copy): what a federated update
   * carries and an aggregator averages.
   */
  public synchronized INDArray params() {
    INDArray[] parts = new INDArray[members.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = members.get(i).params().dup().reshape(1, members.get(i).numParams());
    }
    return Nd4j.hstack(parts);
  }

  public long numParams() {
    return parameterCount(inputs.width(), metadata.config()) * members.size();
  }

  /**
   * Replaces every member's parameters from a vector laid out as {@link #params()}.
   *
   * @throws IllegalArgumentException when the length differs or any value is not finite; the model
   *     is unchanged then
   */
  public synchronized void setParams(INDArray flat) {
    long n = numParams();
    if (flat.length() != n) {
      throw new IllegalArgumentException(
          "parameter vector has " + flat.length() + " values, model " + version() + " has " + n);
    }
    long bad = countNonFinite(flat);
    if (bad > 0) {
      throw new IllegalArgumentException(
          "parameter vector has " + bad + " non-finite values; refusing to load it");
    }
    INDArray row = flat.reshape(1, n);
    long per = n / members.size();
    for (int i = 0; i < members.size(); i++) {
      members
          .get(i)
          .setParams(
              row.get(NDArrayIndex.point(0), NDArrayIndex.interval(i * per, (i + 1) * per))
                  .dup()
                  .reshape(1, per));
    }
  }

  private static long countNonFinite(INDArray a) {
    long bad = 0;
    for (double v : a.dup().data().asDouble()) {
      if (!Double.isFinite(v)) {
        bad++;
      }
    }
    return bad;
  }

  private void requireShape(TrainingData d) {
    if (d.inputs() != inputs.width() || d.outputs() != Target.values().length) {
      throw new IllegalArgumentException(
          "training data is "
              + d.inputs()
              + " -> "
              + d.outputs()
              + ", model "
              + version()
              + " is "
              + inputs.width()
              + " -> "
              + Target.values().length);
    }
  }

  private static DataSet batch(TrainingData d, int[] idx, int start, int n) {
    float[] bx = new float[n * d.inputs()];
    float[] by = new float[n * d.outputs()];
    for (int i = 0; i < n; i++) {
      int r = idx[start + i];
      System.arraycopy(d.x(), r * d.inputs(), bx, i * d.inputs(), d.inputs());
      System.arraycopy(d.y(), r * d.outputs(), by, i * d.outputs(), d.outputs());
    }
    return new DataSet(
        Nd4j.create(bx, new long[] {n, d.inputs()}, 'c'),
        Nd4j.create(by, new long[] {n, d.outputs()}, 'c'));
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
