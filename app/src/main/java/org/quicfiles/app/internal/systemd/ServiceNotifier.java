package org.quicfiles.app.internal.systemd;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code serve} tells systemd: {@code READY=1} with a first {@code STATUS=} once the ready line is
 * out, the status again every {@link #STATUS_PERIOD}, {@code WATCHDOG=1} (with the status) at half of
 * {@code WATCHDOG_USEC} when systemd set one for this process, and {@code STOPPING=1} on shutdown.
 * The status is the ready address, the uptime and the counts the server's meters hold (open
 * connections, stored files; decision note 0414). Without {@code NOTIFY_SOCKET} every method does nothing.
 */
public final class ServiceNotifier implements AutoCloseable {
    /** How often {@code STATUS=} is refreshed. */
    public static final Duration STATUS_PERIOD = Duration.ofSeconds(30);

    private final Optional<SdNotify> socket;
    private final Optional<Duration> watchdog;
    private ScheduledExecutorService timer;
    private Instant started;

    private ServiceNotifier(Optional<SdNotify> socket, Optional<Duration> watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /**
     * Reads {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} (the watchdog is
     * ours only when the pid is unset or this process's).
     *
     * @throws IllegalArgumentException if {@code NOTIFY_SOCKET} is malformed
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> environment) {
        Optional<SdNotify> socket = SdNotify.fromEnvironment(environment);
        Optional<Duration> watchdog = Optional.empty();
        String usec = environment.get("WATCHDOG_USEC");
        String pid = environment.get("WATCHDOG_PID");
        boolean ours = pid == null || pid.isBlank() || pid.strip().equals(Long.toString(ProcessHandle.current().pid()));
        if (socket.isPresent() && usec != null && ours) {
            try {
                long micros = Long.parseLong(usec.strip());
                if (micros > 0) {
                    watchdog = Optional.of(Duration.ofNanos(micros * 1000));
                }
            } catch (NumberFormatException e) {
                // systemd writes a number; anything else means no watchdog
            }
        }
        return new ServiceNotifier(socket, watchdog);
    }

    /** Whether systemd is listening (NOTIFY_SOCKET set). */
    public boolean active() {
        return socket.isPresent();
    }

    /**
     * {@code READY=1} and the first status, then the periodic status and watchdog pings.
     *
     * @param address the ready line's address, e.g. {@code 0.0.0.0:11235}
     * @param counts the counts to show, e.g. {@code 3 connections, 120 files} (empty: none); read on each status
     */
    public synchronized void ready(String address, Supplier<String> counts) {
        if (socket.isEmpty() || timer != null) {
            return;
        }
        started = Instant.now();
        Supplier<String> status = () -> {
            String now = counts.get();
            return "STATUS=serving on " + address + ", up " + uptime(Duration.between(started, Instant.now()))
                    + (now.isEmpty() ? "" : ", " + now);
        };
        socket.get().send("READY=1\n" + status.get());
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quicfiles-sd-notify");
            thread.setDaemon(true);
            return thread;
        });
        long period = STATUS_PERIOD.toMillis();
        timer.scheduleAtFixedRate(() -> socket.get().send(status.get()), period, period, TimeUnit.MILLISECONDS);
        watchdog.ifPresent(interval -> {
            long half = Math.max(1, interval.toMillis() / 2);
            // the status rides along: one datagram, and the status is as fresh as the watchdog
            timer.scheduleAtFixedRate(() -> socket.get().send("WATCHDOG=1\n" + status.get()), 0, half,
                    TimeUnit.MILLISECONDS);
        });
    }

    /** {@code STOPPING=1}; the periodic messages stop. */
    public synchronized void stopping() {
        close();
        socket.ifPresent(notify -> notify.send("STOPPING=1\nSTATUS=stopping"));
    }

    /** {@code 1h02m03s}-style uptime. */
    static String uptime(Duration duration) {
        long seconds = duration.toSeconds();
        long days = seconds / 86_400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append('d');
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append('h');
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            text.append(String.format("%02dm", minutes));
        }
        return text.append(String.format("%02ds", seconds % 60)).toString().replaceFirst("^0(\\d)", "$1");
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
