package dev.domstore.inventory.service;

import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work tied to the end of the current transaction. */
@ApplicationScoped
public class TransactionEnd {
    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Once the transaction has committed; dropped if it rolls back: waking a reader of what it wrote. */
    public void afterCommit(Runnable work) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    work.run();
                }
            }
        });
    }

    /** As {@link #afterCommit}, but once per transaction for each {@code key}, however often it is asked. */
    public void onceAfterCommit(Object key, Runnable work) {
        if (transactions.getResource(key) == null) {
            transactions.putResource(key, Boolean.TRUE);
            afterCommit(work);
        }
    }

    /**
     * The transaction's own {@code T} under {@code key}, made by {@code state} on the first call; {@code work} gets it
     * just before the commit, after Hibernate has flushed the transaction's other changes, still inside the
     * transaction. Nothing runs when the transaction rolls back.
     */
    public <T> T onceBeforeCommit(Object key, Supplier<T> state, Consumer<T> work) {
        @SuppressWarnings("unchecked")
        T existing = (T) transactions.getResource(key);
        if (existing != null) {
            return existing;
        }
        T created = state.get();
        transactions.putResource(key, created);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (!transactions.getRollbackOnly()) {
                    work.accept(created);
                }
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
        return created;
    }
}
