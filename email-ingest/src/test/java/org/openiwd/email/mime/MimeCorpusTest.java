package org.openiwd.email.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openiwd.email.EmailProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every message of the corpus ({@code src/test/resources/corpus}, the shapes mail really comes in) gives the
 * expected fields, or is unparsable with the expected reason. The limits are small here (64 kB per attachment,
 * 200 kB per message) so that the corpus stays small.
 */
public class MimeCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/corpus");

    static final EmailProperties.Limits LIMITS = new EmailProperties.Limits(DataSize.ofKilobytes(64),
            DataSize.ofKilobytes(200), EmailProperties.Limits.DEFAULT_BLOCKED);

    private final MimeMessageParser parser = new MimeMessageParser(LIMITS);

    static final Map<String, Consumer<ParseResult>> EXPECTED = new LinkedHashMap<>();

    static {
        parsed("01-plain-ascii.eml", e -> {
            assertThat(e.messageId()).isEqualTo("<plain-1@example.org>");
            assertThat(e.subject()).isEqualTo("Order 42");
            assertThat(e.from()).isEqualTo(new ParsedEmail.Address("ann@example.org", "Ann Smith"));
            assertThat(e.to()).containsExactly(new ParsedEmail.Address("support@example.com", "Support"));
            assertThat(e.textBody()).contains("where is my order 42?");
            assertThat(e.htmlBody()).isNull();
            assertThat(e.isReply()).isFalse();
            assertThat(e.importance()).isEqualTo(Importance.NORMAL);
            assertThat(e.sentAt()).hasToString("2026-11-27T09:15:00Z");
            assertThat(e.loopHeaders()).isEmpty();
        });
        parsed("02-utf8-8bit.eml", e -> {
            assertThat(e.subject()).isEqualTo("Bestellung für Zoë");
            assertThat(e.textBody()).contains("Grüße aus Köln, ça va? Zoë");
        });
        parsed("03-iso-8859-1-qp.eml", e -> {
            assertThat(e.subject()).isEqualTo("Grüße aus München");
            assertThat(e.textBody()).contains("verspätet. Grüße");
        });
        parsed("04-windows-1252.eml", e -> assertThat(e.textBody()).contains("The price is €42 “net”."));
        parsed("05-iso-2022-jp.eml", e -> {
            assertThat(e.subject()).isEqualTo("注文について");
            assertThat(e.textBody()).contains("ご注文ありがとうございます。");
        });
        parsed("06-koi8-r-base64.eml", e -> {
            assertThat(e.subject()).isEqualTo("Заказ номер 7");
            assertThat(e.textBody()).isEqualTo("Здравствуйте, где мой заказ?");
        });
        parsed("07-alternative.eml", e -> {
            assertThat(e.textBody()).contains("Plain version").doesNotContain("HTML");
            assertThat(e.htmlBody()).contains("<p>HTML version</p>");
            assertThat(e.attachments()).isEmpty();
        });
        parsed("08-related-inline-image.eml", e -> {
            assertThat(e.textBody()).isNull();
            assertThat(e.htmlBody()).contains("cid:logo@example.org");
            assertThat(e.attachments()).singleElement().satisfies(a -> {
                assertThat(a.contentId()).isEqualTo("logo@example.org");
                assertThat(a.inline()).isTrue();
                assertThat(a.contentType()).isEqualTo("image/png");
                assertThat(a.content()).startsWith(0x89, 'P', 'N', 'G');
            });
        });
        parsed("09-mixed-alternative-related.eml", e -> {
            assertThat(e.textBody()).contains("Plain with logo");
            assertThat(e.htmlBody()).contains("cid:img1");
            assertThat(e.attachments()).extracting(ParsedAttachment::fileName, ParsedAttachment::inline,
                    ParsedAttachment::contentId).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("logo.png", true, "img1"),
                            org.assertj.core.groups.Tuple.tuple("invoice.pdf", false, null));
            assertThat(e.attachments().get(1).content()).startsWith('%', 'P', 'D', 'F');
        });
        parsed("10-mixed-pdf.eml", e -> {
            assertThat(e.textBody()).contains("invoice attached");
            assertThat(e.attachments()).singleElement().satisfies(a -> {
                assertThat(a.fileName()).isEqualTo("invoice-42.pdf");
                assertThat(a.contentType()).isEqualTo("application/pdf");
                assertThat(a.size()).isEqualTo(a.content().length).isGreaterThan(10);
                assertThat(a.blocked()).isFalse();
            });
        });
        parsed("11-nested-rfc822.eml", e -> {
            assertThat(e.textBody()).contains("forwarded complaint").doesNotContain("inner text");
            assertThat(e.attachments()).singleElement().satisfies(a -> {
                assertThat(a.contentType()).isEqualTo("message/rfc822");
                assertThat(a.fileName()).endsWith(".eml");
                assertThat(new String(a.content(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("Message-ID: <inner-1@example.net>").contains("The inner text");
            });
        });
        parsed("12-html-only.eml", e -> {
            assertThat(e.textBody()).isNull();
            assertThat(e.htmlBody()).contains("Only HTML ✓");
        });
        parsed("13-encoded-words.eml", e -> {
            assertThat(e.subject()).isEqualTo("Café crème and 😃");
            assertThat(e.from()).isEqualTo(new ParsedEmail.Address("jose@example.es", "José García"));
        });
        parsed("14-rfc2231-filename.eml",
                e -> assertThat(e.attachments()).extracting(ParsedAttachment::fileName).containsExactly("Résumé.pdf"));
        parsed("15-encoded-filename.eml",
                e -> assertThat(e.attachments()).extracting(ParsedAttachment::fileName).containsExactly("Fotoğraf.png"));
        parsed("16-forbidden-exe.eml", e -> assertThat(e.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("setup.exe");
            assertThat(a.content()).isNull();
            assertThat(a.size()).isEqualTo(1026);
            assertThat(a.blockedReason()).isEqualTo("extension .exe is not allowed");
        }));
        parsed("17-forbidden-bat-uppercase.eml", e -> {
            assertThat(e.textBody()).isEqualTo("Script attached.");
            assertThat(e.attachments()).singleElement().satisfies(a -> {
                assertThat(a.fileName()).isEqualTo("RUN.BAT");
                assertThat(a.blockedReason()).isEqualTo("extension .bat is not allowed");
            });
        });
        parsed("18-huge-attachment.eml", e -> assertThat(e.attachments()).singleElement().satisfies(a -> {
            assertThat(a.content()).isNull();
            assertThat(a.size()).isEqualTo(100_000);
            assertThat(a.blockedReason()).isEqualTo("size 100000 bytes exceeds the attachment limit of 65536 bytes");
        }));
        parsed("19-message-size-limit.eml", e -> {
            assertThat(e.attachments()).hasSize(4);
            assertThat(e.attachments().subList(0, 3)).allSatisfy(a -> assertThat(a.blocked()).isFalse());
            assertThat(e.attachments().get(3).blockedReason())
                    .isEqualTo("the message exceeds its size limit of 204800 bytes with this attachment");
        });
        parsed("20-missing-message-id.eml", e -> {
            assertThat(e.messageId()).isNull();
            assertThat(e.contentHash()).hasSize(64);
            assertThat(e.textBody()).contains("no Message-ID");
        });
        parsed("21-malformed-message-id.eml", e -> assertThat(e.messageId()).isNull());
        unparsable("22-missing-start-boundary.eml", "broken MIME structure: Missing start boundary");
        parsed("23-missing-end-boundary.eml", e -> {
            assertThat(e.textBody()).isEqualTo("Text before the missing end");
            assertThat(e.htmlBody()).contains("HTML without closing boundary");
        });
        unparsable("24-truncated-base64.eml", "a part's content is corrupt or truncated: ");
        unparsable("25-unknown-transfer-encoding.eml", "a part's content is corrupt or truncated: ");
        parsed("26-subject-crlf-injection.eml", e -> assertThat(e.subject()).isEqualTo("Hello Bcc: victim@evil.test"));
        parsed("27-address-injection.eml", e -> {
            assertThat(e.from()).isEqualTo(new ParsedEmail.Address("ann@example.org", "Ann Bcc: x@evil.test"));
            assertThat(e.cc()).extracting(ParsedEmail.Address::address).containsExactly("carl@example.org");
            assertThat(e.to()).extracting(ParsedEmail.Address::address).containsExactly("support@example.com");
            assertThat(e.to().getFirst().name()).doesNotContain("\r", "\n");
            assertThat(e.replyTo()).extracting(ParsedEmail.Address::address).containsExactly("ann-reply@example.org");
        });
        parsed("28-reply-in-reply-to.eml", e -> {
            assertThat(e.isReply()).isTrue();
            assertThat(e.inReplyTo()).isEqualTo("<out-1@example.com>");
            assertThat(e.references()).containsExactly("<plain-1@example.org>", "<out-1@example.com>");
        });
        parsed("29-reply-references-only.eml", e -> {
            assertThat(e.isReply()).isTrue();
            assertThat(e.inReplyTo()).isNull();
            assertThat(e.references()).containsExactly("<plain-1@example.org>", "<out-1@example.com>");
        });
        parsed("30-importance-high.eml", e -> assertThat(e.importance()).isEqualTo(Importance.HIGH));
        parsed("31-x-priority-low.eml", e -> assertThat(e.importance()).isEqualTo(Importance.LOW));
        parsed("32-dsn-failed.eml", e -> {
            assertThat(e.deliveryReport()).isEqualTo(new DeliveryReport("<out-1@example.com>", "failed", "5.1.1",
                    "nobody@example.net", "550 5.1.1 <nobody@example.net>: Recipient address rejected"));
            assertThat(e.deliveryReport().permanentFailure()).isTrue();
            assertThat(e.loopHeaders()).containsEntry("return-path", "<>").containsEntry("auto-submitted", "auto-replied");
            assertThat(e.textBody()).contains("could not be delivered");
        });
        parsed("33-auto-reply.eml", e -> {
            assertThat(e.loopHeaders()).containsEntry("auto-submitted", "auto-replied");
        });
        parsed("34-bulk-list.eml", e -> {
            assertThat(e.loopHeaders()).containsEntry("precedence", "bulk").containsKey("list-id");
        });
        unparsable("35-no-headers.eml", "no message headers (no From, To, Subject, Date or Message-ID)");
        parsed("36-unknown-charset.eml", e -> assertThat(e.textBody()).isEqualTo("Café cost €3"));
        parsed("37-calendar-invite.eml", e -> {
            assertThat(e.textBody()).isEqualTo("Invitation attached.");
            assertThat(e.attachments()).singleElement().satisfies(a -> {
                assertThat(a.contentType()).isEqualTo("text/calendar");
                assertThat(a.fileName()).isEqualTo("part-1.calendar");
            });
        });
        parsed("38-empty-body.eml", e -> {
            assertThat(e.textBody()).isEmpty();
            assertThat(e.attachments()).isEmpty();
        });
        unparsable("39-deep-nesting.eml", "MIME parts nested deeper than 20 levels");
        parsed("40-null-sender.eml", e -> {
            assertThat(e.from()).isNull();
            assertThat(e.loopHeaders()).containsEntry("return-path", "<>");
        });
        parsed("41-unfolded-long-subject.eml", e -> {
            assertThat(e.subject()).isEqualTo("A subject that is folded over two lines");
            assertThat(e.importance()).isEqualTo(Importance.HIGH);
        });
    }

    private static void parsed(String file, Consumer<ParsedEmail> expectation) {
        EXPECTED.put(file, result -> {
            assertThat(result).as("%s: %s", file, result).isInstanceOf(ParsedEmail.class);
            ParsedEmail email = (ParsedEmail) result;
            assertThat(email.contentHash()).hasSize(64);
            expectation.accept(email);
        });
    }

    private static void unparsable(String file, String reasonStart) {
        EXPECTED.put(file, result -> {
            assertThat(result).as(file).isInstanceOf(UnparsableEmail.class);
            assertThat(((UnparsableEmail) result).reason()).startsWith(reasonStart);
        });
    }

    static Stream<Arguments> corpus() {
        return EXPECTED.keySet().stream().map(Arguments::of);
    }

    /** The corpus files, in name order. */
    public static List<Path> files() {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus files that are expected to be unparsable. */
    public static Set<String> unparsableFiles() {
        return Set.of("22-missing-start-boundary.eml", "24-truncated-base64.eml", "25-unknown-transfer-encoding.eml",
                "35-no-headers.eml", "39-deep-nesting.eml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachMessageGivesItsExpectedFieldsOrReason(String file) throws IOException {
        EXPECTED.get(file).accept(parser.parse(Files.readAllBytes(CORPUS.resolve(file))));
    }

    @Test
    void everyCorpusFileHasAnExpectationAndThereAreAtLeastThirty() {
        assertThat(files()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(EXPECTED.entrySet()).filteredOn(e -> unparsableFiles().contains(e.getKey())).hasSize(5);
    }

    @Test
    void theSameBytesGiveTheSameContentHash() throws IOException {
        byte[] raw = Files.readAllBytes(CORPUS.resolve("20-missing-message-id.eml"));
        assertThat(parser.parse(raw).contentHash()).isEqualTo(parser.parse(raw.clone()).contentHash())
                .isNotEqualTo(parser.parse(Files.readAllBytes(CORPUS.resolve("01-plain-ascii.eml"))).contentHash());
    }

    @Test
    void anEmptyMessageIsUnparsable() {
        assertThat(parser.parse(new byte[0])).isInstanceOfSatisfying(UnparsableEmail.class,
                u -> assertThat(u.reason()).isEqualTo("the message is empty"));
    }
}
