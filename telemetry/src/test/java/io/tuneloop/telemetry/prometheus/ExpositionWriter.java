package io.tuneloop.telemetry.prometheus;

/** Writes an {@link Exposition} back as text format 0.0.4, for round-trip tests. */
final class ExpositionWriter {

  String write(Exposition exposition) {
    StringBuilder sb = new StringBuilder();
    for (MetricFamily f : exposition.families()) {
      if (!f.help().isEmpty()) {
        sb.append("# HELP ").append(f.name()).append(' ');
        for (char c : f.help().toCharArray()) {
          switch (c) {
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            default -> sb.append(c);
          }
        }
        sb.append('\n');
      }
      sb.append("# TYPE ").append(f.name()).append(' ').append(f.type().token()).append('\n');
      for (Sample s : f.samples()) {
        sb.append(s.name());
        if (!s.labels().isEmpty()) {
          sb.append(s.labels());
        }
        sb.append(' ').append(ExpositionNumbers.format(s.value()));
        s.timestampMillis().ifPresent(ts -> sb.append(' ').append(ts));
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
