package org.openiwd.email.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;

import org.openiwd.email.EmailProperties;

/**
 * Reads a raw RFC 5322 message into a {@link ParsedEmail}: multipart alternative, related and mixed at any depth,
 * nested {@code message/rfc822} kept as {@code .eml} attachments, bodies decoded from their charset (an unknown
 * charset falls back to windows-1252, the usual mislabel), RFC 2047 headers and RFC 2231 file names, inline parts
 * with their Content-ID, attachments over the size limits or with a blocked extension kept as metadata with the
 * reason. A message whose structure cannot be read (a multipart without its boundary, a corrupt or truncated
 * transfer encoding, no headers) is an {@link UnparsableEmail} with the reason; the parser never throws for bad
 * input. Stateless and thread-safe.
 */
public final class MimeMessageParser {

    private static final int MAX_DEPTH = 20;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,500}>");
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^<>\\s@]+@[^<>\\s@]+)>");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]+");
    private static final Charset FALLBACK = Charset.forName("windows-1252");
    private static final Set<String> LOOP_HEADERS = Set.of("auto-submitted", "precedence", "list-id",
            "x-auto-response-suppress", "return-path");

    private final Session session;
    private final long maxAttachmentSize;
    private final long maxMessageSize;
    private final Set<String> blockedExtensions;

    public MimeMessageParser(EmailProperties.Limits limits) {
        this.maxAttachmentSize = limits.maxAttachmentSize().toBytes();
        this.maxMessageSize = limits.maxMessageSize().toBytes();
        this.blockedExtensions = limits.blockedExtensions();
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.decodefilename", "true");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.allowutf8", "true");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        this.session = Session.getInstance(props);
    }

    /** Parses {@code raw}; never throws for malformed input. */
    public ParseResult parse(byte[] raw) {
        String hash = sha256(raw);
        if (raw.length == 0 || new String(raw, StandardCharsets.ISO_8859_1).isBlank()) {
            return new UnparsableEmail(null, hash, null, "the message is empty");
        }
        MimeMessage message;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(raw));
        }
        catch (MessagingException e) {
            return new UnparsableEmail(null, hash, null, "the headers cannot be read: " + e.getMessage());
        }
        String messageId = firstId(header(message, "Message-ID"));
        String subject = clean(subject(message));
        try {
            if (!hasAnyHeader(message)) {
                return new UnparsableEmail(null, hash, null,
                        "no message headers (no From, To, Subject, Date or Message-ID)");
            }
            Walk walk = new Walk();
            walk.part(message, 0, true);
            return new ParsedEmail(messageId, hash, firstId(header(message, "In-Reply-To")),
                    allIds(header(message, "References")), from(message), addresses(message, "Reply-To"),
                    addresses(message, "To"), addresses(message, "Cc"), subject,
                    walk.text == null ? null : walk.text.toString(), walk.html,
                    Importance.of(header(message, "Importance"), header(message, "X-Priority"),
                            header(message, "Priority"), header(message, "X-MSMail-Priority")),
                    sentAt(message), loopHeaders(message), List.copyOf(walk.attachments),
                    DeliveryReports.read(message));
        }
        catch (MessagingException | IOException | RuntimeException e) {
            return new UnparsableEmail(messageId, hash, subject, reason(e));
        }
    }

    private static String reason(Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof Unreadable) {
            return detail;
        }
        if (e instanceof IOException) {
            return "a part's content is corrupt or truncated: " + detail;
        }
        return "broken MIME structure: " + detail;
    }

    /** Collects the bodies and attachments while walking the part tree. */
    private final class Walk {

        StringBuilder text;
        String html;
        final List<ParsedAttachment> attachments = new ArrayList<>();
        long total;

        void part(Part part, int depth, boolean root) throws MessagingException, IOException {
            if (depth > MAX_DEPTH) {
                throw new Unreadable("MIME parts nested deeper than " + MAX_DEPTH + " levels");
            }
            String type = contentType(part);
            if (type.startsWith("multipart/")) {
                Object content = part.getContent();
                if (!(content instanceof Multipart multipart)) {
                    throw new Unreadable("a " + type + " part has no readable parts");
                }
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    part(child, depth + 1, false);
                }
                return;
            }
            boolean attachment = !root && (Part.ATTACHMENT.equalsIgnoreCase(disposition(part))
                    || part.getFileName() != null);
            if (!attachment && type.equals("text/plain")) {
                String body = decodeText(part).stripTrailing();
                total += body.length();
                if (text == null) {
                    text = new StringBuilder(body);
                }
                else {
                    text.append("\n").append(body);
                }
                return;
            }
            if (!attachment && type.equals("text/html") && html == null) {
                html = decodeText(part);
                total += html.length();
                return;
            }
            attachments.add(attachment(part, type, attachments.size() + 1));
        }

        private ParsedAttachment attachment(Part part, String type, int index) throws MessagingException, IOException {
            String fileName = fileName(part, type, index);
            String contentId = part instanceof jakarta.mail.internet.MimePart mime ? stripId(mime.getContentID()) : null;
            boolean inline = Part.INLINE.equalsIgnoreCase(disposition(part))
                    || (contentId != null && !Part.ATTACHMENT.equalsIgnoreCase(disposition(part)));
            String extension = extension(fileName);
            if (extension != null && blockedExtensions.contains(extension)) {
                long size = count(part);
                return new ParsedAttachment(fileName, type, null, size, contentId, inline,
                        "extension ." + extension + " is not allowed");
            }
            byte[] content;
            java.util.concurrent.atomic.AtomicLong countingRead = new java.util.concurrent.atomic.AtomicLong();
            try (InputStream in = type.equals("message/rfc822") ? rawStream(part) : part.getInputStream()) {
                content = readUpTo(in, maxAttachmentSize, countingRead);
                if (content == null) {
                    long size = countingRead.get() + in.transferTo(OutputStreamNull.INSTANCE);
                    return new ParsedAttachment(fileName, type, null, size, contentId, inline,
                            "size " + size + " bytes exceeds the attachment limit of " + maxAttachmentSize + " bytes");
                }
            }
            if (total + content.length > maxMessageSize) {
                return new ParsedAttachment(fileName, type, null, content.length, contentId, inline,
                        "the message exceeds its size limit of " + maxMessageSize + " bytes with this attachment");
            }
            total += content.length;
            return new ParsedAttachment(fileName, type, content, content.length, contentId, inline, null);
        }
    }

    private static InputStream rawStream(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof MimeMessage nested) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            nested.writeTo(out);
            return new ByteArrayInputStream(out.toByteArray());
        }
        return part.getInputStream();
    }

    /**
     * Reads everything, or returns null as soon as more than {@code limit} bytes come (the rest left unread); {@code read}
     * says how many bytes were read.
     */
    private static byte[] readUpTo(InputStream in, long limit, java.util.concurrent.atomic.AtomicLong count)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long read = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            read += n;
            count.set(read);
            if (read > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static long count(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(OutputStreamNull.INSTANCE);
        }
    }

    /** Discards what is written, counting nothing: {@link InputStream#transferTo} counts. */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    private static String decodeText(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        Charset declared = charset(part);
        if (declared != null) {
            return new String(bytes, declared);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        }
        catch (java.nio.charset.CharacterCodingException notUtf8) {
            return new String(bytes, FALLBACK);
        }
    }

    /** The declared charset, the fallback when it is unknown, null when none is declared. */
    private static Charset charset(Part part) throws MessagingException {
        String name = null;
        try {
            name = new ContentType(part.getContentType()).getParameter("charset");
        }
        catch (ParseException | NullPointerException e) {
            // no usable Content-Type: the default below
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(name.trim()));
        }
        catch (RuntimeException unknown) {
            return FALLBACK;
        }
    }

    private static String contentType(Part part) {
        try {
            ContentType type = new ContentType(part.getContentType());
            return type.getBaseType().toLowerCase(Locale.ROOT);
        }
        catch (MessagingException | NullPointerException | IllegalArgumentException e) {
            return "text/plain";
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        }
        catch (MessagingException e) {
            return null;
        }
    }

    private static String fileName(Part part, String type, int index) throws MessagingException {
        String name;
        try {
            name = part.getFileName();
        }
        catch (MessagingException e) {
            name = null;
        }
        if (name != null && name.contains("=?")) {
            try {
                name = MimeUtility.decodeText(name);
            }
            catch (java.io.UnsupportedEncodingException e) {
                // keep the encoded form: still a usable name
            }
        }
        if (name != null) {
            name = clean(name.replaceAll(".*[/\\\\]", ""));
        }
        if (name == null || name.isBlank()) {
            if (type.equals("message/rfc822")) {
                return "message-" + index + ".eml";
            }
            String subtype = type.contains("/") ? type.substring(type.indexOf('/') + 1) : "bin";
            return "part-" + index + "." + subtype.replaceAll("[^a-z0-9]", "");
        }
        return name;
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 || dot == fileName.length() - 1 ? null
                : fileName.substring(dot + 1).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean hasAnyHeader(MimeMessage message) throws MessagingException {
        for (String name : List.of("From", "To", "Subject", "Date", "Message-ID", "Sender")) {
            if (message.getHeader(name) != null) {
                return true;
            }
        }
        return false;
    }

    static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        }
        catch (MessagingException e) {
            return null;
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        }
        catch (MessagingException e) {
            return header(message, "Subject");
        }
    }

    /** The first {@code <id>} in a header (Message-ID, In-Reply-To), null when none is well formed. */
    static String firstId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        return m.find() ? m.group() : null;
    }

    private static List<String> allIds(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            if (!ids.contains(m.group())) {
                ids.add(m.group());
            }
        }
        return List.copyOf(ids);
    }

    private static String stripId(String contentId) {
        if (contentId == null) {
            return null;
        }
        String id = clean(contentId).trim();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.isBlank() ? null : id;
    }

    /** Decoded header text without control characters: folded or smuggled CR/LF become one space. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        return CONTROL.matcher(value).replaceAll(" ").strip();
    }

    private static ParsedEmail.Address from(MimeMessage message) {
        List<ParsedEmail.Address> from = addresses(message, "From");
        if (!from.isEmpty()) {
            return from.getFirst();
        }
        List<ParsedEmail.Address> sender = addresses(message, "Sender");
        return sender.isEmpty() ? null : sender.getFirst();
    }

    /** The header's valid addresses; what does not parse as an address (an injection attempt) is left out. */
    private static List<ParsedEmail.Address> addresses(MimeMessage message, String name) {
        String value = header(message, name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<ParsedEmail.Address> result = new ArrayList<>();
        try {
            for (Address a : InternetAddress.parseHeader(value, false)) {
                if (a instanceof InternetAddress ia && validAddress(ia.getAddress())) {
                    result.add(new ParsedEmail.Address(ia.getAddress().strip(), blankToNull(clean(ia.getPersonal()))));
                }
            }
        }
        catch (AddressException e) {
            // the bracketed addresses below
        }
        if (result.isEmpty()) {
            // A display name that breaks the address syntax (a raw ':' or ';'): keep the bracketed addresses.
            Matcher bracketed = ANGLE_ADDRESS.matcher(value);
            while (bracketed.find()) {
                if (validAddress(bracketed.group(1))) {
                    result.add(new ParsedEmail.Address(bracketed.group(1), null));
                }
            }
        }
        return List.copyOf(result);
    }

    private static boolean validAddress(String address) {
        if (address == null || address.isBlank() || CONTROL.matcher(address).find()) {
            return false;
        }
        try {
            new InternetAddress(address, true).validate();
            return true;
        }
        catch (AddressException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant sentAt(MimeMessage message) {
        try {
            java.util.Date date = message.getSentDate();
            return date == null ? null : date.toInstant();
        }
        catch (MessagingException e) {
            return null;
        }
    }

    private static Map<String, String> loopHeaders(MimeMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : LOOP_HEADERS) {
            String value = header(message, name);
            if (value != null) {
                headers.put(name, clean(value));
            }
        }
        return Map.copyOf(headers);
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A structural problem found by the walk itself; its message is the whole reason. */
    private static final class Unreadable extends MessagingException {
        Unreadable(String reason) {
            super(reason);
        }
    }
}
