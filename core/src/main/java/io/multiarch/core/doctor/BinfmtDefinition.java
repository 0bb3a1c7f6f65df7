package io.multiarch.core.doctor;

import io.multiarch.core.MultiarchException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A handler definition as qemu-user-static installs it for binfmt-support in
 * {@code /usr/share/binfmts/qemu-<name>}:
 * <pre>
 * package qemu-user-static
 * interpreter /usr/libexec/qemu-binfmt/s390x-binfmt-P
 * magic \x7f\x45\x4c\x46\x02\x02\x01\x00...
 * offset 0
 * mask \xff\xff\xff\xff\xff\xff\xff\xfc...
 * credentials no
 * fix_binary yes
 * preserve yes
 * </pre>
 *
 * @param name the handler name, e.g. {@code qemu-s390x}
 * @param interpreter the interpreter the definition names, or null
 * @param magic the magic exactly as written (with {@code \xNN} escapes, as the kernel's register file takes it)
 * @param offset the magic's offset
 * @param mask the mask exactly as written, or null
 */
public record BinfmtDefinition(String name, String interpreter, String magic, int offset, String mask) {
    public BinfmtDefinition {
        if (magic == null || magic.isEmpty()) {
            throw MultiarchException.failed("The binfmt definition " + name + " has no magic line; reinstall qemu-user-static "
                    + "(apt-get install --reinstall qemu-user-static)");
        }
    }

    /** Parses the definition file's text. */
    public static BinfmtDefinition parse(String name, String text) {
        String interpreter = null;
        String magic = null;
        String mask = null;
        int offset = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String key = line.substring(0, space);
            String value = line.substring(space + 1).strip();
            switch (key) {
                case "interpreter" -> interpreter = value;
                case "magic" -> magic = value;
                case "mask" -> mask = value;
                case "offset" -> {
                    try {
                        offset = value.isEmpty() ? 0 : Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw MultiarchException.failed("The binfmt definition " + name + " has an invalid offset '" + value
                                + "'; reinstall qemu-user-static");
                    }
                }
                default -> {
                    // package, credentials, fix_binary, preserve ...: the flags are ours (POCF)
                }
            }
        }
        return new BinfmtDefinition(name, interpreter, magic, offset, mask);
    }

    /**
     * The line to write into {@code register}:
     * {@code :<name>:M:<offset>:<magic>:<mask>:<interpreter>:<flags>}.
     */
    public String registrationLine(String interpreterPath, String flags) {
        return ":" + name + ":M:" + offset + ":" + magic + ":" + (mask == null ? "" : mask) + ":" + interpreterPath + ":" + flags;
    }

    /** The magic as lowercase hex, as the kernel shows it. */
    public String magicHex() {
        return HexFormat.of().formatHex(unescape(magic));
    }

    /** The mask as lowercase hex, or null. */
    public String maskHex() {
        return mask == null || mask.isEmpty() ? null : HexFormat.of().formatHex(unescape(mask));
    }

    /** Decodes binfmt_misc's escapes: {@code \xNN} is a byte, {@code \\} a backslash, anything else itself. */
    static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && (raw[i + 1] == 'x' || raw[i + 1] == 'X')) {
                out.write(Integer.parseInt(new String(raw, i + 2, 2, StandardCharsets.ISO_8859_1), 16));
                i += 3;
            } else if (raw[i] == '\\' && i + 1 < raw.length && raw[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toByteArray();
    }
}
