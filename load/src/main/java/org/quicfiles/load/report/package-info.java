/** How results print: one text line, one JSON object, or the suite's markdown tables with ratios. */
package org.quicfiles.load.report;
