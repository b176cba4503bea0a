package io.zcbench.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The enums named by a lower-case id in options and parameters (impl, thread, cache, destination, sync). */
public final class Ids {
    private Ids() {
    }

    /** An enum constant named by its id: its name in lower case, '_' as '-'. */
    public interface Id {
        String name();

        default String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The constant of {@code type} whose id is {@code text} (in any case); otherwise one line naming {@code what}, the
     * text and the choices: "unknown impl 'rust'; choose java, native or ffm".
     */
    public static <E extends Enum<E> & Id> E parse(Class<E> type, String text, String what) {
        E[] all = type.getEnumConstants();
        for (E e : all) {
            if (e.id().equals(text.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        List<String> ids = Arrays.stream(all).map(Id::id).toList();
        String choices = ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
        throw new UsageException("unknown " + what + " '" + text + "'; choose " + choices);
    }
}
