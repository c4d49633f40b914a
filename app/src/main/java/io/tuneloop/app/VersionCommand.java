package io.tuneloop.app;

import io.tuneloop.telemetry.features.FeatureSchema;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Prints the build's version, the versions it was built against, and its feature schema. */
@Command(name = "version", description = "Print versions and the feature schema in use.")
final class VersionCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    BuildInfo info = new BuildInfo();
    FeatureSchema schema = FeatureSchema.v1();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("tuneloop        %s%n", info.get("tuneloop.version"));
    out.printf("pulsar          %s%n", info.get("pulsar.version"));
    out.printf("deeplearning4j  %s%n", info.get("dl4j.version"));
    out.printf(
        "java-operator-sdk %s (fabric8 %s)%n",
        info.get("josdk.version"), info.get("fabric8.version"));
    out.printf(
        "feature schema  %s (%d features, fingerprint %s)%n",
        schema.version(), schema.size(), schema.fingerprint());
    out.printf("java            %s%n", Runtime.version());
    out.flush();
    return 0;
  }
}
