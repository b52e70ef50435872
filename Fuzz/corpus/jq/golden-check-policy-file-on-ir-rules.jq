0# Every client must train for at least two epochs (over the IR).
.federations[] | .clients[] | select(.train.epochs < 2) | "client '\(.name)' trains for \(.train.epochs) epoch"
