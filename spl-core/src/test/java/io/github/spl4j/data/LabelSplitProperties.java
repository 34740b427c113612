package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LabelSplitProperties {

    private static int[] labels(int perClass, int classes, int unknown, long shuffleSeed) {
        int[] labels = new int[perClass * classes + unknown];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < perClass * classes ? i % classes : -1;
        }
        java.util.Random r = new java.util.Random(shuffleSeed);
        for (int i = labels.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    private static Set<Integer> set(int[] values) {
        Set<Integer> s = new HashSet<>();
        for (int v : values) {
            s.add(v);
        }
        return s;
    }

    @Property(tries = 200, seed = "20261126")
    void balancedSplitsAreDisjointCountedAndDeterministic(@ForAll @IntRange(min = 1, max = 6) int classes,
                                                          @ForAll @IntRange(min = 2, max = 30) int perClass,
                                                          @ForAll @IntRange(min = 0, max = 5) int unknown,
                                                          @ForAll @IntRange(min = 1, max = 10) int k,
                                                          @ForAll @IntRange(min = 0, max = 10) int m,
                                                          @ForAll boolean exclude, @ForAll long seed) {
        Assume.that(k + m <= perClass);
        int[] labels = labels(perClass, classes, unknown, seed ^ 1);
        LabelSplit split = LabelSplit.builder().balanced(k).validationPerClass(m).excludeLabeled(exclude).seed(seed)
                .build(labels, classes);
        int[] expectedK = new int[classes];
        Arrays.fill(expectedK, k);
        assertArrayEquals(expectedK, LabelSplitTest.countPerClass(split.labeled(), labels, classes));
        int[] expectedM = new int[classes];
        Arrays.fill(expectedM, m);
        assertArrayEquals(expectedM, LabelSplitTest.countPerClass(split.validation(), labels, classes));
        Set<Integer> validation = set(split.validation());
        Set<Integer> labeled = set(split.labeled());
        Set<Integer> unlabeled = set(split.unlabeled());
        for (int v : validation) {
            assertTrue(!labeled.contains(v) && !unlabeled.contains(v));
        }
        int expectedUnlabeled = labels.length - classes * m - (exclude ? classes * k : 0);
        assertEquals(expectedUnlabeled, unlabeled.size());
        if (exclude) {
            for (int l : labeled) {
                assertTrue(!unlabeled.contains(l));
            }
        } else {
            assertTrue(unlabeled.containsAll(labeled));
        }
        assertEquals(split, LabelSplit.builder().balanced(k).validationPerClass(m).excludeLabeled(exclude).seed(seed)
                .build(labels, classes));
        assertEquals(split, LabelSplit.fromJson(split.toJson()));
    }

    @Property(tries = 200, seed = "20261126")
    void randomSplitsHaveExactlyNLabelledImagesOutsideValidation(
            @ForAll @IntRange(min = 1, max = 5) int classes, @ForAll @IntRange(min = 1, max = 20) int perClass,
            @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 0, max = 3) int m,
            @ForAll long seed) {
        Assume.that(m <= perClass && n <= classes * (perClass - m));
        int[] labels = labels(perClass, classes, 2, seed);
        LabelSplit split = LabelSplit.builder().random(n).validationPerClass(m).seed(seed).build(labels, classes);
        assertEquals(n, set(split.labeled()).size());
        Set<Integer> validation = set(split.validation());
        for (int l : split.labeled()) {
            assertTrue(labels[l] >= 0 && !validation.contains(l));
        }
        assertEquals(split, LabelSplit.builder().random(n).validationPerClass(m).seed(seed).build(labels, classes));
    }

    @Property(tries = 100, seed = "20261126")
    void imbalancedCountsAreNonIncreasingFromHeadToTail(@ForAll @IntRange(min = 2, max = 10) int classes,
                                                        @ForAll @IntRange(min = 1, max = 50) int head,
                                                        @ForAll @IntRange(min = 1, max = 200) int ratio) {
        int previous = Integer.MAX_VALUE;
        for (int c = 0; c < classes; c++) {
            int count = LabelSplit.longTailCount(head, ratio, c, classes);
            assertTrue(count >= 1 && count <= previous);
            previous = count;
        }
        assertEquals(head, LabelSplit.longTailCount(head, ratio, 0, classes));
        assertEquals(Math.max(1, head / ratio), LabelSplit.longTailCount(head, ratio, classes - 1, classes), 1);
    }
}
