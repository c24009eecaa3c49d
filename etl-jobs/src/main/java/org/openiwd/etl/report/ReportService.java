package org.openiwd.etl.report;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.openiwd.etl.report.ReportDefinition.Dimension;
import org.openiwd.etl.report.ReportDefinition.Measure;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs reports against a tenant's Data Mart. Each run is one query on one report view, in a read-only transaction
 * of its own with a statement timeout, with every request value bound as a parameter; the schema comes from the
 * {@link TenantRegistry} and the view name from the {@link ReportCatalog}. At most
 * {@link ReportProperties#maxRows()} rows come back. Thread-safe.
 */
@Service
public class ReportService {

    private final JdbcClient jdbc;
    private final TenantRegistry tenants;
    private final ReportProperties properties;
    private final TransactionTemplate readOnly;

    ReportService(JdbcClient jdbc, TenantRegistry tenants, ReportProperties properties,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Runs the report. Throws {@link UnknownReportException} for a tenant the Data Mart does not serve and
     * {@link InvalidReportException} for a request that does not fit the report or the bounds.
     */
    public ReportResult run(ReportDefinition report, ReportRequest request) {
        DataMartTenant tenant = tenant(request.tenantId());
        check(report, request);
        Granularity granularity = request.granularity();
        String view = tenant.schema() + "." + report.view(granularity);
        List<Object> params = new ArrayList<>();
        String sql = sql(report, request, view, params);
        List<ReportColumn> columns = columns(report, granularity);
        ZoneId zone = tenant.timeZone();
        List<List<Object>> rows = readOnly.execute(status -> {
            jdbc.sql("SET LOCAL statement_timeout = " + properties.queryTimeout().toMillis()).update();
            // Planning these view stacks with JIT costs more than running them (docs/aggregates.md).
            jdbc.sql("SET LOCAL jit = off").update();
            return jdbc.sql(sql).params(params).query((rs, n) -> row(rs, report, granularity, zone)).list();
        });
        boolean truncated = rows.size() > properties.maxRows();
        List<List<Object>> kept = truncated ? rows.subList(0, properties.maxRows()) : rows;
        return new ReportResult(report, tenant, request, view, columns, kept, truncated, properties.maxRows());
    }

    /** The tenant the Data Mart serves under this id; {@link UnknownReportException} otherwise. */
    public DataMartTenant tenant(String tenantId) {
        if (tenantId == null || !tenantId.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new InvalidReportException("Not a tenant id: " + tenantId);
        }
        return tenants.find(tenantId)
                .orElseThrow(() -> new UnknownReportException("The Data Mart serves no tenant " + tenantId));
    }

    private void check(ReportDefinition report, ReportRequest request) {
        if (request.from() == null || request.to() == null || request.granularity() == null) {
            throw new InvalidReportException("A report needs a date range (from, to) and a granularity");
        }
        if (request.to().isBefore(request.from())) {
            throw new InvalidReportException("The range ends (" + request.to() + ") before it starts ("
                    + request.from() + ")");
        }
        long days = ChronoUnit.DAYS.between(request.from(), request.to()) + 1;
        int max = request.granularity().intraday() ? properties.maxIntradayDays() : properties.maxDays();
        if (days > max) {
            throw new InvalidReportException("A " + request.granularity().label().toLowerCase() + " report covers at"
                    + " most " + max + " days; this range has " + days
                    + (request.granularity().intraday() ? ": choose a day or longer granularity" : ""));
        }
        for (Map.Entry<ReportFilter, String> filter : request.filters().entrySet()) {
            if (!report.filters().contains(filter.getKey())) {
                throw new InvalidReportException("The " + report.title().toLowerCase() + " report cannot be filtered"
                        + " by " + filter.getKey().label().toLowerCase());
            }
            if (filter.getValue().length() > 64) {
                throw new InvalidReportException(filter.getKey().label() + " ids have at most 64 characters");
            }
        }
    }

    private String sql(ReportDefinition report, ReportRequest request, String view, List<Object> params) {
        StringJoiner select = new StringJoiner(", ");
        select.add("v.interval_start").add("v.local_date");
        for (Dimension dimension : report.dimensions()) {
            select.add(dimension.sql() + " AS " + dimension.key());
        }
        for (Measure measure : report.measures()) {
            select.add(measure.sql() + " AS " + measure.key());
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ").append(view).append(" v");
        if (request.granularity().intraday()) {
            sql.append(" WHERE v.local_date BETWEEN ? AND ?");
        }
        else {
            // Every period that overlaps the range: it starts on or before its end and ends after its start.
            sql.append(" WHERE v.local_date <= ? AND v.local_date > ?::date - interval '")
                    .append(request.granularity().periodLength()).append("'");
        }
        params.add(request.granularity().intraday() ? request.from() : request.to());
        params.add(request.granularity().intraday() ? request.to() : request.from());
        request.filters().forEach((filter, value) -> {
            sql.append(" AND v.").append(filter.column()).append(" = ?");
            params.add(value);
        });
        StringJoiner groupBy = new StringJoiner(", ");
        for (int i = 1; i <= 2 + report.dimensions().size(); i++) {
            groupBy.add(String.valueOf(i));
        }
        sql.append(" GROUP BY ").append(groupBy);
        if (report.having() != null) {
            sql.append(" HAVING ").append(report.having());
        }
        String order = report.order() != null ? report.order()
                : String.join(", ", report.dimensions().stream().map(Dimension::key).toList());
        sql.append(" ORDER BY v.interval_start").append(order.isEmpty() ? "" : ", " + order);
        sql.append(" LIMIT ").append(properties.maxRows() + 1);
        return sql.toString();
    }

    private static List<ReportColumn> columns(ReportDefinition report, Granularity granularity) {
        List<ReportColumn> columns = new ArrayList<>();
        columns.add(new ReportColumn(ReportResult.PERIOD, granularity.intraday() ? "Interval" : granularity.label(),
                ReportColumn.Type.TEXT, false));
        columns.add(new ReportColumn(ReportResult.INTERVAL_START, "Start", ReportColumn.Type.TEXT, true));
        columns.add(new ReportColumn(ReportResult.LOCAL_DATE, "Local date", ReportColumn.Type.TEXT, true));
        for (Dimension dimension : report.dimensions()) {
            columns.add(new ReportColumn(dimension.key(), dimension.label(), ReportColumn.Type.TEXT,
                    dimension.detail()));
        }
        for (Measure measure : report.measures()) {
            columns.add(new ReportColumn(measure.key(), measure.label(), measure.type(), false));
        }
        return columns;
    }

    private static List<Object> row(ResultSet rs, ReportDefinition report, Granularity granularity, ZoneId zone)
            throws SQLException {
        List<Object> row = new ArrayList<>();
        OffsetDateTime start = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toOffsetDateTime();
        LocalDate localDate = rs.getObject(2, LocalDate.class);
        row.add(granularity.bucketLabel(start, localDate));
        row.add(start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        row.add(localDate.toString());
        int column = 3;
        for (int i = 0; i < report.dimensions().size(); i++) {
            row.add(rs.getString(column++));
        }
        for (Measure measure : report.measures()) {
            if (measure.type() == ReportColumn.Type.INTEGER) {
                long value = rs.getLong(column++);
                row.add(rs.wasNull() ? null : value);
            }
            else {
                BigDecimal value = rs.getBigDecimal(column++);
                row.add(value);
            }
        }
        return row;
    }
}
