"""The choice question of 13.32 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="PERFORMER_COMPLEXITY",
        question="Performer attention with n tokens, head dimension d and r random features: what is its cost, "
                 "and why is it linear in n?",
        options={
            "a": "O(n^2 d), like softmax attention: every query still meets every key in the kernel sum, and the "
                 "random features only change the constant in front.",
            "b": "O(n r d): the r x d matrix phi(K)^T V and the r-vector phi(K)^T 1 summarise all keys once, and "
                 "each query then costs O(r d); no n x n matrix is formed.",
            "c": "O(n^2 r): each of the n^2 query-key pairs needs an r-dimensional dot product phi(q) . phi(k), which is "
                 "linear in n per query, hence the name linear attention.",
            "d": "O(r^2 d), independent of n: the random features compress the whole sequence into r numbers, "
                 "which each query reads at a cost that does not grow with n at all.",
        },
        answer="b",
        why={
            "a": "that is what (phi(Q) phi(K)^T) V would cost; by associativity phi(Q) (phi(K)^T V) never "
                 "pairs a query with a key directly.",
            "b": "right: the features are O(n r d), phi(K)^T V and phi(Q) (phi(K)^T V) are O(n r d) each, the "
                 "normaliser O(n r), memory O(n r + r d) (Choromanski et al., 2021). For fixed r and d that is "
                 "linear in n; it beats O(n^2 d) once n exceeds about r.",
            "c": "that is the cost of computing the n x n approximate attention matrix phi(Q) phi(K)^T "
                 "explicitly, which is exactly what Performer avoids by multiplying phi(K)^T V first.",
            "d": "every token still has to be mapped to features (O(n r d)) and every query gets its own output "
                 "row, so the cost cannot be independent of n.",
        },
    ),
)
