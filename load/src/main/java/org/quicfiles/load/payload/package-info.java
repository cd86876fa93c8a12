/** The bytes the load tool uploads, serves from memory and checks downloads against. */
package org.quicfiles.load.payload;
