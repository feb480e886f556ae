package com.precautionfirst.command.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Records every SQL statement the request threads execute, and every commit: the database round trips of a
 * command. Wraps the application's data source in proxies of the JDBC interfaces, so it sees Hibernate's, Axon's
 * and the JdbcTemplate's statements alike.
 */
class StatementLog implements BeanPostProcessor {

    private final List<String> executed = new ArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? wrap(DataSource.class, dataSource, null) : bean;
    }

    synchronized void clear() {
        executed.clear();
    }

    synchronized List<String> executed() {
        return List.copyOf(executed);
    }

    private synchronized void record(String what) {
        if (Thread.currentThread().getName().contains("-exec-")) {
            executed.add(what);
        }
    }

    private Object wrap(Class<?> type, Object target, String preparedSql) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            String name = method.getName();
            if (name.startsWith("execute")) {
                record(args != null && args.length > 0 && args[0] instanceof String sql ? sql : preparedSql);
            } else if (name.equals("commit")) {
                record("commit");
            }
            if (result instanceof Connection || result instanceof Statement) {
                String sql = name.startsWith("prepare") ? (String) args[0] : null;
                return wrap(method.getReturnType(), result, sql);
            }
            return result;
        });
    }
}
