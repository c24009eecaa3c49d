/** The Genesys Info Mart as the Data Mart reads it: agent names from {@code resource_}. */
package org.openiwd.etl.infomart;
