package org.mailtrail.engine;

/**
 * A message as it lies in a mailbox, with its whole Received: chain and Return-Path:.
 *
 * @param mailbox the mailbox address
 * @param host    the host that keeps the mailbox
 * @param bounce  true for a delivery status notification
 * @param content the RFC 5322 message, CRLF line ends
 */
public record DeliveredMessage(String mailbox, String host, boolean bounce, byte[] content) {
}
