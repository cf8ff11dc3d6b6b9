package org.mailtrail.cli;

import picocli.CommandLine;

/**
 * Number options read in words a user understands: {@code '--slot-wait abc'} is "not a number", {@code '--port 2.5'}
 * "not a whole number" (picocli's own converters said "is not a double" and "is not an int").
 */
final class Numbers {
    private Numbers() {
    }

    /** Registers the converters on {@code cl} and all its subcommands. */
    static void register(CommandLine cl) {
        cl.registerConverter(Integer.class, Numbers::integer);
        cl.registerConverter(Integer.TYPE, Numbers::integer);
        cl.registerConverter(Long.class, Numbers::whole);
        cl.registerConverter(Long.TYPE, Numbers::whole);
        cl.registerConverter(Double.class, Numbers::decimal);
        cl.registerConverter(Double.TYPE, Numbers::decimal);
    }

    /** {@code value} as the user would write it: {@code 99999999999}, {@code -1}, {@code 0.0001} (not 9.9999999999E10). */
    static String text(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        String t = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return t.equals("-0") ? "0" : t;
    }

    /**
     * Seconds given for {@code option} as a duration: from 0.001 (a millisecond, the finest the timeouts keep) to
     * 86400 (a day), or a usage error that says so.
     */
    static java.time.Duration seconds(String option, double value) {
        return seconds(option, value, 86_400);
    }

    /** {@link #seconds(String, double)} with at most {@code most} seconds. */
    static java.time.Duration seconds(String option, double value, int most) {
        if (Double.isNaN(value) || value < 0.001 || value > most) {
            throw new CliException(MailTrailCli.USAGE, option + " " + text(value)
                    + ": give seconds, from 0.001 to " + most);
        }
        return java.time.Duration.ofMillis(Math.round(value * 1000));
    }

    static int integer(String s) {
        long v = whole(s);
        if (v > Integer.MAX_VALUE) {
            throw new CommandLine.TypeConversionException("'" + s + "' is too large (at most " + Integer.MAX_VALUE + ")");
        }
        if (v < Integer.MIN_VALUE) {
            throw new CommandLine.TypeConversionException("'" + s + "' is too small (at least " + Integer.MIN_VALUE + ")");
        }
        return (int) v;
    }

    static long whole(String s) {
        String t = s.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            if (t.matches("[+-]?\\d+")) {
                throw new CommandLine.TypeConversionException("'" + s + "' is too large");
            }
            throw new CommandLine.TypeConversionException("'" + s + "' is not a whole number");
        }
    }

    static double decimal(String s) {
        String t = s.strip();
        // digits with an optional fraction only: Java's own parser also takes "NaN", "Infinity", "0x1p3" and "1d"
        if (!t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a number");
        }
        double v = Double.parseDouble(t);
        if (Double.isInfinite(v)) {
            throw new CommandLine.TypeConversionException("'" + s + "' is too large");
        }
        return v;
    }
}
