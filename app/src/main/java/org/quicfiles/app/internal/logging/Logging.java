package org.quicfiles.app.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.quicfiles.app.internal.config.ConfigException;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up Logback: one appender (stderr, or a file rotated by size), one encoder (text or JSON
 * lines), the levels; and routes {@code java.util.logging} to SLF4J. {@code System.Logger} reaches
 * SLF4J through {@code slf4j-jdk-platform-logging}, Netty by finding SLF4J itself.
 */
public final class Logging {
    /** The text layout: ISO time with offset, level, logger, message; a stack trace when there is one. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %level %logger: %msg%n";
    private static final String APPENDER = "quicfiles";
    /** How long a running server's INFO line may wait before it is written (nginx's {@code flush=} of a buffered access log). */
    static final Duration LINGER = Duration.ofMillis(100);

    private Logging() {
    }

    /**
     * Replaces the whole configuration with {@code settings}.
     *
     * @throws ConfigException if the log file's folder cannot be created
     */
    public static synchronized void configure(LogSettings settings) throws ConfigException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend (an embedding program's): its configuration is not ours
        }
        if (settings.file().isPresent()) {
            Path parent = settings.file().get().toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new ConfigException("cannot create the log folder " + parent + ": " + e.getMessage());
            }
        }
        context.reset();
        apply(context, settings);
    }

    /**
     * From now on lines are written by a thread of their own, in batches ({@link BatchingAppender}),
     * so that an access line per request puts neither a write nor a thread's wake-up on the
     * request's path. Called once the server is up: the start-up lines before it are written at
     * once, in order with the ready line. None is dropped (the queue blocks when full); an INFO line
     * waits at most {@link #LINGER}, a WARN or ERROR line not at all; {@link #stop()} writes what is
     * queued.
     */
    public static synchronized void queueFromNowOn() {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.Appender<ILoggingEvent> out = root.getAppender(APPENDER);
        if (out == null) {
            return;
        }
        BatchingAppender queue = new BatchingAppender(out, 8192, LINGER, Duration.ofSeconds(2));
        queue.setContext(context);
        queue.setName(APPENDER + "-queue");
        queue.start();
        // added before the direct one is detached: a line logged in between is written twice, never lost
        root.addAppender(queue);
        root.detachAppender(out);
    }

    /**
     * Replaces the levels only, keeping the appender and the format: what a configuration reload
     * (SIGHUP) can change while the server runs. Loggers not named fall back to the root's level.
     */
    public static synchronized void setLevels(Map<String, Level> levels) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            if (logger != root && logger.getLevel() != null && !levels.containsKey(logger.getName())) {
                logger.setLevel(null);
            }
        }
        root.setLevel(levels.getOrDefault(LogSettings.ROOT, Level.INFO));
        for (Map.Entry<String, Level> level : levels.entrySet()) {
            if (!level.getKey().equals(LogSettings.ROOT)) {
                context.getLogger(level.getKey()).setLevel(level.getValue());
            }
        }
    }

    /** Writes every queued line and stops logging (the last act of {@code serve}, after the server closed). */
    public static synchronized void stop() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** Configures a context that was just reset (or never configured). */
    static void apply(LoggerContext context, LogSettings settings) {
        // JUL loggers below the level never build a record: without this every filtered JUL call costs
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();

        Encoder<ILoggingEvent> encoder = encoder(context, settings.format());
        OutputStreamAppender<ILoggingEvent> appender = settings.file().isPresent()
                ? fileAppender(context, settings) : consoleAppender(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        for (Map.Entry<String, Level> level : settings.levels().entrySet()) {
            (level.getKey().equals(LogSettings.ROOT) ? root : context.getLogger(level.getKey())).setLevel(level.getValue());
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogSettings.Format format) {
        if (format == LogSettings.Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // what an operator filters on; the raw SLF4J pattern and its arguments would say it twice
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMarkers(false);
            json.setWithMDC(false);
            json.setWithKVPList(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    private static OutputStreamAppender<ILoggingEvent> consoleAppender(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err"); // stdout carries the ready line and command output
        return console;
    }

    private static OutputStreamAppender<ILoggingEvent> fileAppender(LoggerContext context, LogSettings settings) {
        String file = settings.file().orElseThrow().toAbsolutePath().toString();
        RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
        rolling.setContext(context);
        rolling.setFile(file);
        FixedWindowRollingPolicy window = new FixedWindowRollingPolicy();
        window.setContext(context);
        window.setParent(rolling);
        window.setFileNamePattern(file + ".%i");
        window.setMinIndex(1);
        window.setMaxIndex(settings.fileCount());
        window.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(new FileSize(settings.maxFileSize()));
        size.start();
        rolling.setRollingPolicy(window);
        rolling.setTriggeringPolicy(size);
        return rolling;
    }
}
