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
      try {
        return MultiLabelCsv.Uncertain.valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--uncertain takes ignore, ones or zeros, got '" + v + "'");
      }
    }
  }

  /** {@code zeros|ignore}, any case. */
  public static final class BlankConverter implements ITypeConverter<MultiLabelCsv.Blank> {
    @Override
    public MultiLabelCsv.Blank convert(String v) {
      try {
        return MultiLabelCsv.Blank.valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--blank takes zeros or ignore, got '" + v + "'");
      }
    }
  }
}
