package io.zcbench.harness.cli;

import io.zcbench.harness.fixture.Sizes;

import picocli.CommandLine;

/** Picocli converter for byte sizes ({@code 4096}, {@code 64KiB}, {@code 1GiB}, {@code 64K}). */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
