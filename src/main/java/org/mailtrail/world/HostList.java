package org.mailtrail.world;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The hosts of a {@link World}: an immutable list, indexed once by name and by address, so that the
 * engine's lookups do not scan every host (a world may have a hundred of them). Where two hosts share an
 * address, the index keeps the first one, as a scan in list order would find it.
 */
final class HostList extends AbstractList<Host> implements RandomAccess {
    private final List<Host> hosts;
    private final Map<String, Host> byName = new HashMap<>();
    private final Map<String, Host> byAddress = new HashMap<>();

    private HostList(List<Host> hosts) {
        this.hosts = List.copyOf(hosts);
        for (Host h : this.hosts) {
            byName.putIfAbsent(h.name(), h);
            for (String a : h.addresses()) {
                byAddress.putIfAbsent(a, h);
            }
        }
    }

    /** The list itself if it is already indexed, else an indexed copy. */
    static HostList of(List<Host> hosts) {
        return hosts instanceof HostList l ? l : new HostList(hosts);
    }

    /** The host with exactly this (normalised) name, or null. */
    Host byName(String name) {
        return byName.get(name);
    }

    /** The first host that answers on this address, or null. */
    Host byAddress(String address) {
        return byAddress.get(address);
    }

    @Override
    public Host get(int index) {
        return hosts.get(index);
    }

    @Override
    public int size() {
        return hosts.size();
    }
}
