/** TBD */
package io.github.spl4j.weighting;
