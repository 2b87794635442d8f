package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.finetune.FinetuneData;
import dev.autodidact.finetune.MultiLabelCsv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --label-columns}, {@code --uncertain} and {@code --blank}: how a CheXpert-style multi-label CSV
 * is read, the same for every command that reads one ({@code @Mixin LabelColumnsOptions labels;}).
 */
public final class LabelColumnsOptions {
  @Option(names = "--label-columns", split = ",", paramLabel = "A,B,C", description = "Multi-label: CSV columns with 1/0/-1/blank per finding.")
  List<String> columns = new ArrayList<>();

  @Option(names = "--uncertain", defaultValue = "ignore", paramLabel = "ignore|ones|zeros", converter = UncertainConverter.class,
      description = "Multi-label -1 values: left out, positive or negative (default: ${DEFAULT-VALUE}).")
  MultiLabelCsv.Uncertain uncertain;

  @Option(names = "--blank", defaultValue = "zeros", paramLabel = "zeros|ignore", converter = BlankConverter.class,
      description = "Multi-label blank values: not mentioned = negative, or ignored (default: ${DEFAULT-VALUE}).")
  MultiLabelCsv.Blank blank;

  /** Whether columns were given. */
  public boolean multiLabel() {
    return !columns.isEmpty();
  }

  /** The options for reading {@code split} of a data source. */
  public FinetuneData.LabelOptions value(Optional<String> split) {
    return new FinetuneData.LabelOptions(columns, uncertain, blank, split);
  }

  /** {@code ignore|ones|zeros}, any case. */
  public static final class UncertainConverter implements ITypeConverter<MultiLabelCsv.Uncertain> {
    @Override
    public MultiLabelCsv.Uncertain convert(String v) {
      return parse(MultiLabelCsv.Uncertain.class, "--uncertain", v);
    }
  }

  /** {@code zeros|ignore}, any case. */
  public static final class BlankConverter implements ITypeConverter<MultiLabelCsv.Blank> {
    @Override
    public MultiLabelCsv.Blank convert(String v) {
      return parse(MultiLabelCsv.Blank.class, "--blank", v);
    }
  }

  /** The constant of {@code type} named {@code v} in any case; else a message listing the choices. */
  static <E extends Enum<E>> E parse(Class<E> type, String option, String v) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.trim())) {
        return e;
      }
    }
    throw new UserInputException(option + " takes " + java.util.Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")) + "; got '" + v + "'");
  }
}
