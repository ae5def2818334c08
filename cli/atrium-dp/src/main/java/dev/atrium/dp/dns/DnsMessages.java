package dev.atrium.dp.dns;

import java.util.Arrays;

/**
 * The little of the DNS wire format (RFC 1035 §4.1.1) the relay reads: a message's response code and,
 * when no server answered, a SERVFAIL made from the query. The relay never rewrites an answer; it only
 * decides where a query goes next, so a CNAME or any record type passes through untouched.
 */
final class DnsMessages {
  static final int HEADER_LENGTH = 12;
  static final int NOERROR = 0;
  static final int SERVFAIL = 2;

  private DnsMessages() {}

  /** The RCODE of a response: the low four bits of the header's fourth byte; -1 if too short to be one. */
  static int rcode(byte[] message, int length) {
    if (length < HEADER_LENGTH) return -1;
    return message[3] & 0x0F;
  }

  /** Whether a response is the query's: same ID (the first two bytes) and the QR bit set. */
  static boolean answers(byte[] query, int queryLength, byte[] response, int responseLength) {
    return queryLength >= HEADER_LENGTH && responseLength >= HEADER_LENGTH
        && query[0] == response[0] && query[1] == response[1] && (response[2] & 0x80) != 0;
  }

  /**
   * Whether the data plane's answer means "ask the host's resolvers": Kuma's list (FORMERR 1, SERVFAIL 2,
   * NXDOMAIN 3, NOTIMP 4, REFUSED 5). Envoy's DNS filter answers only the names in its table and says
   * NXDOMAIN (or NOTIMP for a type it does not serve) for the rest.
   */
  static boolean askUpstream(int rcode) {
    return rcode >= 1 && rcode <= 5;
  }

  /** A SERVFAIL for {@code query}: its header and question, with QR and RA set and no records. */
  static byte[] servfail(byte[] query, int length) {
    byte[] reply = Arrays.copyOf(query, length);
    reply[2] = (byte) ((reply[2] | 0x80) & ~0x04); // QR = response, AA off
    reply[3] = (byte) (0x80 | SERVFAIL); // RA on, Z zero, RCODE SERVFAIL
    for (int i = 6; i < HEADER_LENGTH; i++) reply[i] = 0; // no answer, authority or additional records
    return reply;
  }
}
