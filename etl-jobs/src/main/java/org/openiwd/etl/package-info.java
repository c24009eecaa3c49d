/**
 * The Data Mart ETL. Feature packages: {@code tenant} (the registry and each tenant's schema), {@code feed} (the
 * IWD API client that reads the reporting feeds), {@code job} (launching and auditing jobs) and one package per
 * job family ({@code job.intraday}).
 */
package org.openiwd.etl;
