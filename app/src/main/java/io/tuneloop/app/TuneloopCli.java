package io.tuneloop.app;

import io.tuneloop.federation.aggregator.AggregatorCommand;
import io.tuneloop.operator.cli.OperatorCommand;
import io.tuneloop.sim.bench.BenchCommand;
import io.tuneloop.sim.calibration.CalibrationCommand;
import io.tuneloop.sim.fleet.PretrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bin/tuneloop} entry point: one command with a subcommand per job. */
@Command(
    name = "tuneloop",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "ML-driven self-tuning operator for Apache Pulsar clusters.",
    subcommands = {
      VersionCommand.class,
      io.tuneloop.app.demo.DemoCommand.class,
      SnapshotCommand.class,
      OperatorCommand.class,
      BenchCommand.class,
      io.tuneloop.app.export.ExportSampleCommand.class,
      CalibrationCommand.class,
      PretrainCommand.class,
      AggregatorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TuneloopCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TuneloopCli()).execute(args));
  }
}
