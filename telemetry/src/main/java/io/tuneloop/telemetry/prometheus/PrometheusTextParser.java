package io.tuneloop.telemetry.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format, version 0.0.4, from bytes.
 *
 * <p>The parser works on the raw UTF-8 bytes without regular expressions and without making a
 * String per line. Names are interned, label values of up to 64 bytes are shared within one parse,
 * and a label set that repeats byte for byte (as a topic's labels do across a Pulsar broker's
 * families) is parsed once and reused.
 *
 * <p>Behaviour where the format leaves room, decided here:
 *
 * <ul>
 *   <li>{@code # TYPE} accepts {@code counter}, {@code gauge}, {@code histogram}, {@code summary}
 *       and {@code untyped}, case-insensitively. Any other type is an error, as it is for the
 *       Prometheus server's own parser. Samples with no {@code # TYPE} line form an {@link
 *       MetricType#UNTYPED} family named after the sample.
 *   <li>A histogram family {@code x} owns the sample names {@code x_bucket} (which must carry a
 *       numeric {@code le} label), {@code x_sum} and {@code x_count}; a summary family {@code x}
 *       owns {@code x} (which must carry a {@code quantile} label in [0, 1]), {@code x_sum} and
 *       {@code x_count}. A plain {@code x} sample in a histogram family is an error.
 *   <li>As the Prometheus Java simpleclient (used by Pulsar and BookKeeper) writes them, a counter
 *       family {@code x} also owns {@code x_total}, and counters, histograms and summaries own
 *       {@code x_created}. These two are soft claims: a family that declares such a name itself
 *       takes it over, unless a sample already used it.
 *   <li>A second {@code # TYPE} or {@code # HELP} line that repeats the first is accepted (older
 *       Pulsar versions repeat them); one that contradicts it is an error. A {@code # TYPE} line
 *       after the family's first sample is an error, as is a {@code # TYPE} line whose names clash
 *       with another family's samples (e.g. {@code x_count} already used by a gauge).
 *   <li>Samples of a family that are not contiguous are merged into the one family.
 *   <li>Duplicate series, the same sample name with the same label set (in any label order), are an
 *       error naming the line of the second one, whatever their timestamps.
 *   <li>A label name that appears twice in one label set is an error; a trailing comma in a label
 *       set is allowed; blanks (spaces, tabs, carriage returns) are allowed around tokens.
 *   <li>Label values support the escapes {@code \\}, {@code \"} and {@code \n}; HELP text supports
 *       {@code \\} and {@code \n}. Any other escape is an error. Label values and HELP text must be
 *       valid UTF-8; other comment lines are not inspected.
 *   <li>Values follow Go's {@code ParseFloat}: decimal, exponent and hex forms, {@code NaN}, {@code
 *       +Inf}, {@code -Inf}; a finite literal that overflows a double is an error. Timestamps are
 *       signed 64-bit integers (milliseconds).
 *   <li>The last line may lack its newline.
 * </ul>
 *
 * <p>Every problem raises {@link PrometheusParseException} naming the line, column and a short
 * excerpt. Instances are immutable and thread-safe; each call keeps its own state.
 */
public final class PrometheusTextParser {

  /** The default limit on input size: 512 MiB, far above a 10k-topic broker's output. */
  public static final int DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

  private static final int EXCERPT_BYTES = 80;
  private static final int PROBLEM_CHARS = 160;
  private static final int INTERNED_VALUE_MAX_BYTES = 64;

  private static final boolean[] NAME_START = new boolean[256];
  private static final boolean[] NAME_CHAR = new boolean[256];
  private static final boolean[] LABEL_START = new boolean[256];

  static {
    for (int c = 0; c < 256; c++) {
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      LABEL_START[c] = letter;
      NAME_START[c] = letter || c == ':';
      NAME_CHAR[c] = letter || digit || c == ':';
    }
  }

  private final int maxBytes;

  /** A parser with the {@linkplain #DEFAULT_MAX_BYTES default input limit}. */
  public PrometheusTextParser() {
    this(DEFAULT_MAX_BYTES);
  }

  /**
   * @param maxBytes the largest input accepted from an {@link InputStream}; larger inputs are
   *     rejected before they are read into memory completely
   */
  public PrometheusTextParser(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes=" + maxBytes + " must be positive");
    }
    this.maxBytes = maxBytes;
  }

  /** Parses a whole exposition. */
  public Exposition parse(byte[] bytes) {
    return parse(bytes, 0, bytes.length);
  }

  /** Parses {@code bytes[offset, offset + length)}. */
  public Exposition parse(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + offset + "+" + length + ") outside array of " + bytes.length);
    }
    return new Run(bytes, offset, offset + length).parse();
  }

  /**
   * Parses the remaining bytes of {@code buffer} without changing its position. A heap buffer is
   * parsed in place; a direct buffer is copied first.
   */
  public Exposition parse(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      return parse(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return parse(copy);
  }

  /**
   * Reads the stream to its end (without closing it) and parses it.
   *
   * @throws PrometheusParseException when the stream holds more than the configured maximum
   */
  public Exposition parse(InputStream in) throws IOException {
    byte[] buf = new byte[Math.min(64 * 1024, maxBytes)];
    int len = 0;
    while (true) {
      if (len == buf.length) {
        if (len >= maxBytes) {
          if (in.read() < 0) {
            break;
          }
          throw new PrometheusParseException(
              "input exceeds the limit of " + maxBytes + " bytes; raise maxBytes if it is genuine");
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) maxBytes, 2L * buf.length));
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      len += n;
    }
    return parse(buf, 0, len);
  }

  /** Parses exposition text held in a String (encoded as UTF-8 first). */
  public Exposition parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** What a sample name means within its family. */
  private enum Role {
    VALUE,
    BUCKET,
    SUM,
    COUNT,
    QUANTILE,
    HISTOGRAM_BASE,
    CREATED
  }

  /** Per-parse: a family being collected. */
  private static final class FamilyBuilder {
    final String name;
    MetricType type;
    boolean typeDeclared;
    String help;
    final SampleColumns.Builder samples;

    FamilyBuilder(String name, MetricType type, boolean typeDeclared, SampleColumns.Store store) {
      this.samples = new SampleColumns.Builder(store);
      this.name = name;
      this.type = type;
      this.typeDeclared = typeDeclared;
    }
  }

  /**
   * Per-parse: a sample name, the family it belongs to and its role there. A soft slot (a counter's
   * {@code _total}, any {@code _created}) yields to a family that declares the name itself, as long
   * as no sample has used it yet.
   */
  private static final class SampleSlot {
    final String name;
    final int id;
    FamilyBuilder family;
    Role role;
    boolean soft;
    boolean used;

    SampleSlot(String name, int id, FamilyBuilder family, Role role, boolean soft) {
      this.name = name;
      this.id = id;
      this.family = family;
      this.role = role;
      this.soft = soft;
    }
  }

  private static final byte ABSENT = 0;
  private static final byte VALID = 1;
  private static final byte INVALID = 2;

  /** Per-parse: a parsed label set with its id and whether its le/quantile labels are numbers. */
  private record LabelsEntry(Labels labels, int id, byte le, byte quantile) {}

  /**
   * Per-parse: the raw bytes between the braces of a label set seen before, its parsed entry, and
   * the block that followed it last time. Exporters such as Pulsar write each family's series in
   * the same order, so the block after this one is usually the same as last time: a byte comparison
   * against that prediction replaces scanning, hashing and probing.
   */
  private static final class RawLabelBlock {
    final byte[] content;
    final LabelsEntry entry;
    RawLabelBlock next;

    RawLabelBlock(byte[] content, LabelsEntry entry) {
      this.content = content;
      this.entry = entry;
    }
  }

  /** The state of one parse. */
  private static final class Run {
    private final byte[] b;
    private final int end;
    private int pos;
    private int line = 1;
    private int lineStart;

    private final Map<String, FamilyBuilder> families = new LinkedHashMap<>();
    private final ByteKeyTable<SampleSlot> slots = new ByteKeyTable<>(1024);
    private final ByteKeyTable<String> labelNames = new ByteKeyTable<>(64);
    private final ByteKeyTable<String> labelValues = new ByteKeyTable<>(4096);
    private final ByteKeyTable<RawLabelBlock> labelBlocks = new ByteKeyTable<>(4096);
    private RawLabelBlock lastBlock;
    private final Map<Labels, LabelsEntry> canonicalLabels = new HashMap<>();
    private final SeriesKeySet series = new SeriesKeySet();
    private final SampleColumns.Store store;
    private final LabelsEntry emptyLabels;
    private int nextSlotId;

    private SampleSlot lastSlot;
    private int lastNameFrom;
    private int lastNameLength;

    private String[] nameScratch = new String[8];
    private String[] valueScratch = new String[8];
    private CharsetDecoder utf8;

    Run(byte[] b, int start, int end) {
      this.b = b;
      this.end = end;
      this.pos = start;
      this.lineStart = start;
      // About one sample per 128 bytes in broker output; the store grows if there are more.
      this.store = new SampleColumns.Store((int) Math.min(1 << 22, (end - start) / 128));
      this.emptyLabels = new LabelsEntry(Labels.EMPTY, 0, ABSENT, ABSENT);
      canonicalLabels.put(Labels.EMPTY, emptyLabels);
    }

    Exposition parse() {
      while (pos < end) {
        byte c = b[pos];
        if (c == '\n') {
          newline();
          continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
          skipBlanks();
          continue;
        }
        if (c == '#') {
          comment();
        } else {
          sample();
        }
      }
      store.trim();
      List<MetricFamily> out = new ArrayList<>(families.size());
      for (FamilyBuilder f : families.values()) {
        out.add(new MetricFamily(f.name, f.type, f.help == null ? "" : f.help, f.samples.build()));
      }
      return new Exposition(out);
    }

    // ---------------------------------------------------------------- samples

    private void sample() {
      int nameFrom = pos;
      SampleSlot slot = sameNameAsLastSample(nameFrom);
      if (slot == null) {
        if (!NAME_START[b[pos] & 0xFF]) {
          throw error("expected a metric name, a comment or a blank line", pos);
        }
        int p = pos + 1;
        while (p < end && NAME_CHAR[b[p] & 0xFF]) {
          p++;
        }
        slot = slotFor(nameFrom, p);
        lastSlot = slot;
        lastNameFrom = nameFrom;
        lastNameLength = p - nameFrom;
        pos = p;
      }
      int afterName = pos;
      skipBlanks();
      LabelsEntry labels = emptyLabels;
      if (pos < end && b[pos] == '{') {
        labels = labelBlock();
        skipBlanks();
      } else if (pos == afterName) {
        throw error(
            pos < end && b[pos] != '\n'
                ? "unexpected character after the metric name"
                : "line ends after the metric name, expected a value",
            pos);
      }
      int valueFrom = pos;
      int valueTo = tokenEnd(pos);
      if (valueTo == valueFrom) {
        throw error("expected a sample value", pos);
      }
      double value;
      try {
        value = ExpositionNumbers.parseDouble(b, valueFrom, valueTo);
      } catch (NumberFormatException e) {
        throw error("invalid sample value (" + e.getMessage() + ")", valueFrom);
      }
      if (Double.isInfinite(value) && !isInfinityWord(valueFrom, valueTo)) {
        throw error("sample value is out of the range of a double", valueFrom);
      }
      pos = valueTo;
      skipBlanks();
      boolean hasTimestamp = false;
      long timestamp = 0;
      if (pos < end && b[pos] != '\n') {
        int tsFrom = pos;
        int tsTo = tokenEnd(pos);
        try {
          timestamp = ExpositionNumbers.parseLong(b, tsFrom, tsTo);
        } catch (NumberFormatException e) {
          throw error(
              "invalid timestamp, expected integer milliseconds (" + e.getMessage() + ")", tsFrom);
        }
        hasTimestamp = true;
        pos = tsTo;
        skipBlanks();
        if (pos < end && b[pos] != '\n') {
          throw error("unexpected text after the timestamp", pos);
        }
      }
      checkRole(slot, labels, nameFrom);
      if (!series.add(slot.id, labels.id())) {
        throw error("duplicate series " + slot.name + labels.labels(), nameFrom);
      }
      slot.used = true;
      if (hasTimestamp) {
        slot.family.samples.add(slot.name, labels.labels(), value, timestamp);
      } else {
        slot.family.samples.add(slot.name, labels.labels(), value);
      }
    }

    /** Consecutive samples usually share a name: compare bytes instead of hashing. */
    private SampleSlot sameNameAsLastSample(int nameFrom) {
      int len = lastNameLength;
      if (lastSlot == null || nameFrom + len >= end || NAME_CHAR[b[nameFrom + len] & 0xFF]) {
        return null;
      }
      if (!Arrays.equals(b, lastNameFrom, lastNameFrom + len, b, nameFrom, nameFrom + len)) {
        return null;
      }
      pos = nameFrom + len;
      return lastSlot;
    }

    private boolean isInfinityWord(int from, int to) {
      for (int i = from; i < to; i++) {
        byte c = b[i];
        if (c == 'i' || c == 'I') {
          return true;
        }
      }
      return false;
    }

    private void checkRole(SampleSlot slot, LabelsEntry labels, int at) {
      switch (slot.role) {
        case BUCKET -> {
          if (labels.le() != VALID) {
            throw error(
                labels.le() == ABSENT
                    ? "histogram bucket " + slot.name + " has no le label"
                    : "le label of " + slot.name + " is not a number",
                at);
          }
        }
        case QUANTILE -> {
          if (labels.quantile() != VALID) {
            throw error(
                labels.quantile() == ABSENT
                    ? "summary sample " + slot.name + " has no quantile label"
                    : "quantile label of " + slot.name + " is not a number in [0, 1]",
                at);
          }
        }
        case HISTOGRAM_BASE ->
            throw error(
                "histogram "
                    + slot.family.name
                    + " has a sample without the _bucket, _sum or _count suffix",
                at);
        default -> {}
      }
    }

    private SampleSlot slotFor(int from, int to) {
      int h = ByteKeyTable.hash(b, from, to);
      SampleSlot slot = slots.get(b, from, to, h);
      if (slot != null) {
        return slot;
      }
      String name = new String(b, from, to - from, StandardCharsets.ISO_8859_1).intern();
      FamilyBuilder family = new FamilyBuilder(name, MetricType.UNTYPED, false, store);
      families.put(name, family);
      slot = new SampleSlot(name, nextSlotId++, family, Role.VALUE, false);
      slots.put(b, from, to, h, slot);
      return slot;
    }

    // ---------------------------------------------------------------- labels

    /** At '{': finds the closing brace, then reuses or parses the label set. */
    private LabelsEntry labelBlock() {
      int open = pos;
      RawLabelBlock predicted = lastBlock == null ? null : lastBlock.next;
      if (predicted != null) {
        // Identical bytes up to an unquoted '}' mean the scan below would stop at that very '}'.
        int len = predicted.content.length;
        int close = open + 1 + len;
        if (close < end
            && b[close] == '}'
            && Arrays.equals(b, open + 1, close, predicted.content, 0, len)) {
          lastBlock = predicted;
          pos = close + 1;
          return predicted.entry;
        }
      }
      int i = open + 1;
      boolean quoted = false;
      while (true) {
        if (i >= end) {
          throw error(
              quoted ? "input ends inside a quoted label value" : "input ends inside a label set",
              Math.min(end, i) - 1);
        }
        byte c = b[i];
        if (c == '\n') {
          throw error(
              quoted
                  ? "line ends inside a quoted label value (unterminated quote?)"
                  : "line ends inside a label set, expected '}'",
              i);
        }
        if (quoted) {
          if (c == '"') {
            quoted = false;
          } else if (c == '\\') {
            i++;
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == '}') {
          break;
        }
        i++;
      }
      int close = i;
      int h = ByteKeyTable.hash(b, open + 1, close);
      RawLabelBlock block = labelBlocks.get(b, open + 1, close, h);
      if (block == null) {
        LabelsEntry entry = parseLabels(open + 1, close);
        block = new RawLabelBlock(Arrays.copyOfRange(b, open + 1, close), entry);
        labelBlocks.putKey(block.content, h, block);
      }
      if (lastBlock != null) {
        lastBlock.next = block;
      }
      lastBlock = block;
      pos = close + 1;
      return block.entry;
    }

    /** Strictly parses the label pairs in {@code b[from, to)} (between the braces). */
    private LabelsEntry parseLabels(int from, int to) {
      int count = 0;
      int p = skipBlanks(from, to);
      while (p < to) {
        if (!LABEL_START[b[p] & 0xFF]) {
          throw error("expected a label name [a-zA-Z_][a-zA-Z0-9_]*", p);
        }
        int nameFrom = p;
        p++;
        while (p < to && NAME_CHAR[b[p] & 0xFF] && b[p] != ':') {
          p++;
        }
        String name = labelName(nameFrom, p);
        p = skipBlanks(p, to);
        if (p >= to || b[p] != '=') {
          throw error("expected '=' after label name " + name, Math.min(p, to));
        }
        p = skipBlanks(p + 1, to);
        if (p >= to || b[p] != '"') {
          throw error("expected '\"' to open the value of label " + name, Math.min(p, to));
        }
        p++;
        int valueFrom = p;
        boolean escaped = false;
        int bits = 0;
        while (p < to && b[p] != '"') {
          if (b[p] == '\\') {
            escaped = true;
            p++;
          }
          if (p < to) {
            bits |= b[p];
          }
          p++;
        }
        if (p >= to) {
          throw error("unterminated value of label " + name, Math.min(p, to));
        }
        String value = labelValue(valueFrom, p, escaped, bits < 0);
        p = skipBlanks(p + 1, to);
        if (p < to) {
          if (b[p] != ',') {
            throw error("expected ',' or '}' after the value of label " + name, p);
          }
          p = skipBlanks(p + 1, to);
        }
        if (count == nameScratch.length) {
          nameScratch = Arrays.copyOf(nameScratch, count * 2);
          valueScratch = Arrays.copyOf(valueScratch, count * 2);
        }
        nameScratch[count] = name;
        valueScratch[count] = value;
        count++;
      }
      String[] duplicate = new String[1];
      Labels labels =
          Labels.fromParser(
              Arrays.copyOf(nameScratch, count), Arrays.copyOf(valueScratch, count), duplicate);
      if (labels == null) {
        throw error("label " + duplicate[0] + " appears twice in one label set", from);
      }
      LabelsEntry entry = canonicalLabels.get(labels);
      if (entry == null) {
        entry =
            new LabelsEntry(
                labels,
                canonicalLabels.size(),
                numberState(labels.getOrNull("le"), false),
                numberState(labels.getOrNull("quantile"), true));
        canonicalLabels.put(labels, entry);
      }
      return entry;
    }

    private static byte numberState(String value, boolean unitInterval) {
      if (value == null) {
        return ABSENT;
      }
      try {
        double v = ExpositionNumbers.parseDouble(value);
        if (unitInterval && !(v >= 0 && v <= 1)) {
          return INVALID;
        }
        return Double.isNaN(v) ? INVALID : VALID;
      } catch (NumberFormatException e) {
        return INVALID;
      }
    }

    private String labelName(int from, int to) {
      int h = ByteKeyTable.hash(b, from, to);
      String name = labelNames.get(b, from, to, h);
      if (name == null) {
        name = new String(b, from, to - from, StandardCharsets.ISO_8859_1).intern();
        labelNames.put(b, from, to, h, name);
      }
      return name;
    }

    private String labelValue(int from, int to, boolean escaped, boolean nonAscii) {
      if (!escaped && !nonAscii) {
        int len = to - from;
        if (len > INTERNED_VALUE_MAX_BYTES) {
          return new String(b, from, len, StandardCharsets.ISO_8859_1);
        }
        int h = ByteKeyTable.hash(b, from, to);
        String value = labelValues.get(b, from, to, h);
        if (value == null) {
          value = new String(b, from, len, StandardCharsets.ISO_8859_1);
          labelValues.put(b, from, to, h, value);
        }
        return value;
      }
      byte[] raw = escaped ? unescape(from, to, true) : Arrays.copyOfRange(b, from, to);
      return nonAscii
          ? decodeUtf8(raw, from, "label value")
          : new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** Resolves {@code \\}, {@code \n} and (in label values) {@code \"}. */
    private byte[] unescape(int from, int to, boolean allowQuote) {
      byte[] out = new byte[to - from];
      int n = 0;
      for (int p = from; p < to; p++) {
        byte c = b[p];
        if (c == '\\') {
          byte next = p + 1 < to ? b[p + 1] : 0;
          if (next == '\\') {
            out[n++] = '\\';
          } else if (next == 'n') {
            out[n++] = '\n';
          } else if (next == '"' && allowQuote) {
            out[n++] = '"';
          } else {
            throw error(
                "invalid escape sequence, expected \\\\, \\n" + (allowQuote ? " or \\\"" : ""), p);
          }
          p++;
        } else {
          out[n++] = c;
        }
      }
      return Arrays.copyOf(out, n);
    }

    private String decodeUtf8(byte[] raw, int at, String what) {
      if (utf8 == null) {
        utf8 =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      try {
        CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(raw));
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw error(what + " is not valid UTF-8", at);
      }
    }

    // ---------------------------------------------------------------- comments

    /** At '#': HELP, TYPE, or a comment to skip. */
    private void comment() {
      int p = skipBlanks(pos + 1, end);
      int wordEnd = p;
      while (wordEnd < end && b[wordEnd] >= 'A' && b[wordEnd] <= 'Z') {
        wordEnd++;
      }
      boolean separated = wordEnd == end || isBlankOrEol(b[wordEnd]);
      if (separated && isWord(p, wordEnd, "HELP")) {
        help(wordEnd);
      } else if (separated && isWord(p, wordEnd, "TYPE")) {
        type(wordEnd);
      } else {
        pos = lineEnd(p);
      }
    }

    private void help(int p) {
      p = skipBlanks(p, end);
      int nameFrom = p;
      int nameTo = metricName(p, "HELP");
      String name = new String(b, nameFrom, nameTo - nameFrom, StandardCharsets.ISO_8859_1);
      p = skipBlanks(nameTo, end);
      int textEnd = lineEnd(p);
      int textTo = textEnd;
      while (textTo > p && b[textTo - 1] == '\r') {
        textTo--;
      }
      boolean escaped = false;
      boolean nonAscii = false;
      for (int i = p; i < textTo; i++) {
        escaped |= b[i] == '\\';
        nonAscii |= b[i] < 0;
      }
      byte[] raw = escaped ? unescape(p, textTo, false) : Arrays.copyOfRange(b, p, textTo);
      String text =
          nonAscii ? decodeUtf8(raw, p, "HELP text") : new String(raw, StandardCharsets.ISO_8859_1);
      FamilyBuilder family = familyForHeader(name, nameFrom, null);
      if (family.help != null && !family.help.equals(text)) {
        throw error("second HELP line for " + name + " differs from the first", nameFrom);
      }
      family.help = text;
      pos = textEnd;
    }

    private void type(int p) {
      p = skipBlanks(p, end);
      int nameFrom = p;
      int nameTo = metricName(p, "TYPE");
      String name = new String(b, nameFrom, nameTo - nameFrom, StandardCharsets.ISO_8859_1);
      p = skipBlanks(nameTo, end);
      int typeFrom = p;
      int typeTo = tokenEnd(p);
      if (typeTo == typeFrom) {
        throw error("TYPE line for " + name + " has no type", p);
      }
      String token =
          new String(b, typeFrom, Math.min(typeTo - typeFrom, 32), StandardCharsets.ISO_8859_1);
      MetricType type = MetricType.fromToken(token);
      if (type == null) {
        throw error(
            "unknown metric type \""
                + token
                + "\" for "
                + name
                + ", expected counter, gauge, histogram, summary or untyped",
            typeFrom);
      }
      p = skipBlanks(typeTo, end);
      if (p < end && b[p] != '\n') {
        throw error("unexpected text after the type", p);
      }
      familyForHeader(name, nameFrom, type);
      pos = p;
    }

    /** The family a HELP ({@code type == null}) or TYPE line refers to, created or updated. */
    private FamilyBuilder familyForHeader(String name, int at, MetricType type) {
      FamilyBuilder family = families.get(name);
      if (family == null) {
        byte[] key = name.getBytes(StandardCharsets.ISO_8859_1);
        SampleSlot owner = slots.get(key, 0, key.length, ByteKeyTable.hash(key, 0, key.length));
        if (owner != null && (!owner.soft || owner.used)) {
          throw error(
              "metric name "
                  + name
                  + " is already a sample of "
                  + owner.family.type.token()
                  + " "
                  + owner.family.name,
              at);
        }
        family =
            new FamilyBuilder(
                name.intern(), type == null ? MetricType.UNTYPED : type, type != null, store);
        families.put(family.name, family);
        registerSlots(family, at);
        return family;
      }
      if (type == null) {
        return family;
      }
      if (family.typeDeclared) {
        if (family.type != type) {
          throw error(
              "second TYPE line for "
                  + name
                  + " says "
                  + type.token()
                  + ", the first said "
                  + family.type.token(),
              at);
        }
        return family;
      }
      if (!family.samples.isEmpty()) {
        throw error("TYPE line for " + name + " comes after samples of it", at);
      }
      family.type = type;
      family.typeDeclared = true;
      registerSlots(family, at);
      return family;
    }

    private void registerSlots(FamilyBuilder family, int at) {
      String n = family.name;
      switch (family.type) {
        case COUNTER -> {
          register(family, n, Role.VALUE, false, at);
          // The Prometheus Java simpleclient (used by Pulsar and BookKeeper) writes
          // "# TYPE x counter" followed by x_total and x_created samples.
          register(family, n + "_total", Role.VALUE, true, at);
          register(family, n + "_created", Role.CREATED, true, at);
        }
        case HISTOGRAM -> {
          register(family, n, Role.HISTOGRAM_BASE, false, at);
          register(family, n + "_bucket", Role.BUCKET, false, at);
          register(family, n + "_sum", Role.SUM, false, at);
          register(family, n + "_count", Role.COUNT, false, at);
          register(family, n + "_created", Role.CREATED, true, at);
        }
        case SUMMARY -> {
          register(family, n, Role.QUANTILE, false, at);
          register(family, n + "_sum", Role.SUM, false, at);
          register(family, n + "_count", Role.COUNT, false, at);
          register(family, n + "_created", Role.CREATED, true, at);
        }
        default -> register(family, n, Role.VALUE, false, at);
      }
    }

    private void register(
        FamilyBuilder family, String sampleName, Role role, boolean soft, int at) {
      byte[] key = sampleName.getBytes(StandardCharsets.ISO_8859_1);
      int h = ByteKeyTable.hash(key, 0, key.length);
      SampleSlot slot = slots.get(key, 0, key.length, h);
      if (slot == null) {
        slots.put(
            key,
            0,
            key.length,
            h,
            new SampleSlot(sampleName.intern(), nextSlotId++, family, role, soft));
      } else if (slot.family == family) {
        slot.role = role;
        slot.soft = soft;
      } else if (soft) {
        // Another family owns the name outright; this family does without it.
      } else if (slot.soft && !slot.used) {
        slot.family = family;
        slot.role = role;
        slot.soft = false;
      } else {
        throw error(
            family.type.token()
                + " "
                + family.name
                + " needs the sample name "
                + sampleName
                + ", which already belongs to "
                + slot.family.type.token()
                + " "
                + slot.family.name,
            at);
      }
    }

    /** Reads a metric name at {@code p} in a HELP or TYPE line; returns its end. */
    private int metricName(int p, String keyword) {
      if (p >= end || !NAME_START[b[p] & 0xFF]) {
        throw error(
            keyword + " line needs a metric name [a-zA-Z_:][a-zA-Z0-9_:]*", Math.min(p, end));
      }
      int q = p + 1;
      while (q < end && NAME_CHAR[b[q] & 0xFF]) {
        q++;
      }
      if (q < end && !isBlankOrEol(b[q])) {
        throw error("invalid character in the metric name of a " + keyword + " line", q);
      }
      return q;
    }

    // ---------------------------------------------------------------- scanning

    private boolean isWord(int from, int to, String word) {
      if (to - from != word.length()) {
        return false;
      }
      for (int i = 0; i < word.length(); i++) {
        if (b[from + i] != word.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private static boolean isBlankOrEol(byte c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void skipBlanks() {
      pos = skipBlanks(pos, end);
    }

    private int skipBlanks(int p, int to) {
      while (p < to) {
        byte c = b[p];
        if (c != ' ' && c != '\t' && c != '\r') {
          break;
        }
        p++;
      }
      return p;
    }

    /** The end of the token starting at {@code p}: the next blank, newline or end of input. */
    private int tokenEnd(int p) {
      while (p < end) {
        byte c = b[p];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
          break;
        }
        p++;
      }
      return p;
    }

    /** The position of the newline ending the line that contains {@code p}, or the end. */
    private int lineEnd(int p) {
      while (p < end && b[p] != '\n') {
        p++;
      }
      return p;
    }

    private void newline() {
      pos++;
      line++;
      lineStart = pos;
    }

    // ---------------------------------------------------------------- errors

    private PrometheusParseException error(String problem, int at) {
      int lineTo = lineStart;
      int limit = Math.min(end, lineStart + EXCERPT_BYTES + 1);
      while (lineTo < limit && b[lineTo] != '\n') {
        lineTo++;
      }
      boolean truncated = lineTo - lineStart > EXCERPT_BYTES;
      int excerptTo = truncated ? lineStart + EXCERPT_BYTES : lineTo;
      String text = new String(b, lineStart, excerptTo - lineStart, StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder(text.length() + 8).append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20 || c == 0x7F) {
          sb.append(String.format("\\x%02x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append(truncated ? "\"..." : "\"");
      int column = Math.max(0, at - lineStart) + 1;
      // Problems quote names and label sets from the input, which may be megabytes long.
      String shortProblem =
          problem.length() > PROBLEM_CHARS ? problem.substring(0, PROBLEM_CHARS) + "..." : problem;
      return new PrometheusParseException(shortProblem, line, column, sb.toString());
    }
  }
}
