package com.precautionfirst.support.eventstore;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.boot.model.TypeContributor;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

/**
 * Axon maps payloads, metadata and tokens as {@code @Lob byte[]}, which Hibernate stores as PostgreSQL large
 * objects ({@code oid}): unreadable in SQL and orphaned on every token update. Binding {@code BLOB} as plain
 * bytes makes those columns {@code bytea} on PostgreSQL and {@code VARBINARY} on H2, as the Flyway schema says.
 * Registered through {@code META-INF/services}, so it applies to both services and every database.
 */
public class ByteaTypeContributor implements TypeContributor {

    @Override
    public void contribute(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        typeContributions.getTypeConfiguration().getJdbcTypeRegistry()
                .addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
    }
}
