package dev.domstore.inventory.rest;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.hibernate.orm.panache.PanacheQuery;

import dev.domstore.common.validation.InvalidInputException;

/** One page of a list. Pages count from 0. */
@Schema(name = "Page", description = "One page of a list: items, the page number (from 0), its size and the total count",
        example = "{\"items\": [], \"page\": 0, \"pageSize\": 50, \"totalItems\": 0}")
public record Page<T>(List<T> items, int page, int pageSize, long totalItems) {
    public static final int MAX_PAGE_SIZE = 500;

    public static <E, T> Page<T> of(PanacheQuery<E> query, int page, int pageSize, Function<E, T> toResponse) {
        if (page < 0) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "page", "'page' counts from 0; " + page + " is not a page.");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "pageSize",
                    "'pageSize' must be between 1 and " + MAX_PAGE_SIZE + "; got " + pageSize + ".");
        }
        List<T> items = query.page(page, pageSize).list().stream().map(toResponse).toList();
        return new Page<>(items, page, pageSize, query.count());
    }
}
