package io.multiarch.core.doctor;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A registered binfmt_misc handler as the kernel shows it in {@code /proc/sys/fs/binfmt_misc/<name>}:
 * <pre>
 * enabled
 * interpreter /usr/libexec/qemu-binfmt/s390x-binfmt-P
 * flags: POCF
 * offset 0
 * magic 7f454c4602020100000000000000000000020016
 * mask fffffffffffffffcfffffffffffffffffffeffff
 * </pre>
 *
 * @param name the entry's file name, e.g. {@code qemu-s390x}
 * @param enabled whether the first line says {@code enabled}
 * @param interpreter the interpreter path, or null
 * @param flags the flag letters ({@code POCF}), empty when none
 * @param offset the magic's offset (0 when not shown)
 * @param magic the magic as lowercase hex, or null for extension entries
 * @param mask the mask as lowercase hex, or null
 */
public record BinfmtEntry(String name, boolean enabled, String interpreter, String flags, int offset, String magic,
        String mask) {
    public BinfmtEntry {
        flags = flags == null ? "" : flags;
    }

    /** Parses the entry file's text. */
    public static BinfmtEntry parse(String name, String text) {
        boolean enabled = false;
        String interpreter = null;
        String flags = "";
        int offset = 0;
        String magic = null;
        String mask = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.equals("enabled")) {
                enabled = true;
            } else if (line.startsWith("interpreter ")) {
                interpreter = line.substring("interpreter ".length()).strip();
            } else if (line.startsWith("flags:")) {
                flags = line.substring("flags:".length()).strip();
            } else if (line.startsWith("offset ")) {
                try {
                    offset = Integer.parseInt(line.substring("offset ".length()).strip());
                } catch (NumberFormatException e) {
                    offset = -1;
                }
            } else if (line.startsWith("magic ")) {
                magic = line.substring("magic ".length()).strip().toLowerCase(Locale.ROOT);
            } else if (line.startsWith("mask ")) {
                mask = line.substring("mask ".length()).strip().toLowerCase(Locale.ROOT);
            }
        }
        return new BinfmtEntry(name, enabled, interpreter, flags, offset, magic, mask);
    }

    /** Whether every flag letter in {@code wanted} (e.g. {@code "PF"}) is set. */
    public boolean hasFlags(String wanted) {
        return wanted.chars().allMatch(c -> flags.indexOf(c) >= 0);
    }

    /** The flag letters of {@code wanted} that are not set, e.g. {@code "P"}. */
    public String missingFlags(String wanted) {
        StringBuilder missing = new StringBuilder();
        wanted.chars().filter(c -> flags.indexOf(c) < 0).forEach(c -> missing.append((char) c));
        return missing.toString();
    }

    /**
     * Whether this entry matches the same binaries as a definition: same offset, same mask, and the
     * same magic once masked (the kernel may store the magic masked).
     */
    public boolean matches(BinfmtDefinition definition) {
        if (magic == null || offset != definition.offset()) {
            return false;
        }
        String defMask = definition.maskHex();
        if (defMask == null ? mask != null : !defMask.equals(mask)) {
            return false;
        }
        return masked(magic, mask).equals(masked(definition.magicHex(), defMask));
    }

    static String masked(String magicHex, String maskHex) {
        HexFormat hex = HexFormat.of();
        byte[] magicBytes = hex.parseHex(magicHex);
        if (maskHex == null) {
            return hex.formatHex(magicBytes);
        }
        byte[] maskBytes = hex.parseHex(maskHex);
        for (int i = 0; i < magicBytes.length && i < maskBytes.length; i++) {
            magicBytes[i] &= maskBytes[i];
        }
        return hex.formatHex(magicBytes);
    }
}
