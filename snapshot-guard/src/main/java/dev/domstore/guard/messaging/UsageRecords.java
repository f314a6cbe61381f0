package dev.domstore.guard.messaging;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotUsage;

/** Reading a snapshot-usage record: the volume id is the key; a null value is a tombstone (the snapshot is gone). */
final class UsageRecords {
    private static final Logger LOG = Logger.getLogger(UsageRecords.class);

    private UsageRecords() {
    }

    /** The report, or null for a tombstone or a malformed record (logged). */
    static SnapshotUsage parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            SnapshotUsage usage = MessageCodec.fromJson(record.value(), SnapshotUsage.class);
            if (usage.volumeId() == null || usage.occurredAt() == null || usage.hostId() == null) {
                LOG.warnf("Skipping a SnapshotUsage without volumeId, hostId or occurredAt on %s-%d at offset %d",
                        record.topic(), record.partition(), record.offset());
                return null;
            }
            return usage;
        } catch (MalformedMessageException e) {
            LOG.warnf("Skipping a malformed record on %s-%d at offset %d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return null;
        }
    }

    /** The key as a volume id, null when it is not one. */
    static UUID key(ConsumerRecord<String, String> record) {
        try {
            return record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
