package org.mailtrail.cli;

import org.mailtrail.live.SmtpProxy;

/** Lets tests in other packages read the proxy command's stop line. */
public final class ProxyCommandAccess {
    private ProxyCommandAccess() {
    }

    public static String summary(SmtpProxy p) {
        return ProxyCommand.summary(p);
    }
}
