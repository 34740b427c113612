/** TBD */
package io.github.spl4j.dl4j;
