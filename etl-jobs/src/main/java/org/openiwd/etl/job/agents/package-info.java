/** The agent load: names from the Info Mart into the agent dimension. */
package org.openiwd.etl.job.agents;
